//===- FileWriterTest.cpp - Tests of writing edited files -----------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// FileWriter's checks between analysis and write: a file changed on disk
// since it was read, or one that is read-only, makes the whole write fail
// with nothing written, no temporary file left behind.
//
//===----------------------------------------------------------------------===//

#include "adopter/Rewrite/FileWriter.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

using namespace adopter::rewrite;

namespace {

/// A fresh temporary directory, removed with its files at the end.
struct TempDir {
  std::string Path;
  TempDir() {
    llvm::SmallString<128> Dir;
    REQUIRE(!llvm::sys::fs::createUniqueDirectory("adopter-writer", Dir));
    Path = std::string(Dir);
  }
  ~TempDir() { llvm::sys::fs::remove_directories(Path); }
  std::string file(llvm::StringRef Name, llvm::StringRef Text) const {
    llvm::SmallString<128> P(Path);
    llvm::sys::path::append(P, Name);
    std::error_code EC;
    llvm::raw_fd_ostream OS(P, EC);
    REQUIRE(!EC);
    OS << Text;
    return std::string(P);
  }
  std::vector<std::string> entries() const {
    std::vector<std::string> Out;
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator It(Path, EC), End; It != End && !EC;
         It.increment(EC))
      Out.push_back(std::string(llvm::sys::path::filename(It->path())));
    std::sort(Out.begin(), Out.end());
    return Out;
  }
};

std::string contents(const std::string &Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  REQUIRE(Buf);
  return std::string((*Buf)->getBuffer());
}

/// The error's message; empty for success.
std::string message(llvm::Error E) {
  std::string S;
  llvm::handleAllErrors(std::move(E),
                        [&](const llvm::ErrorInfoBase &I) { S = I.message(); });
  return S;
}

} // namespace

TEST_CASE("FileWriter writes every change", "[writer]") {
  TempDir D;
  const std::string A = D.file("a.cpp", "old a\n");
  const std::string B = D.file("b.h", "old b\n");
  std::map<std::string, FileChange> Changes;
  Changes[A] = {"old a\n", "new a\n"};
  Changes[B] = {"old b\n", "new b\n"};
  REQUIRE(message(FileWriter::write(Changes)).empty());
  CHECK(contents(A) == "new a\n");
  CHECK(contents(B) == "new b\n");
  CHECK(D.entries() == std::vector<std::string>{"a.cpp", "b.h"});
}

TEST_CASE("FileWriter refuses a file changed on disk since analysis",
          "[writer]") {
  TempDir D;
  const std::string A = D.file("a.cpp", "old a\n");
  // b.h was edited (by the user, a formatter, a second adopter run) after
  // adopter read it.
  const std::string B = D.file("b.h", "old b, edited since\n");
  std::map<std::string, FileChange> Changes;
  Changes[A] = {"old a\n", "new a\n"};
  Changes[B] = {"old b\n", "new b\n"};
  CHECK(message(FileWriter::write(Changes)) ==
        "'" + B + "' changed on disk since it was analysed; run adopter again");
  // Nothing written, not even the unchanged file's new contents.
  CHECK(contents(A) == "old a\n");
  CHECK(contents(B) == "old b, edited since\n");
  CHECK(D.entries() == std::vector<std::string>{"a.cpp", "b.h"});
}

TEST_CASE("FileWriter refuses a file deleted since analysis", "[writer]") {
  TempDir D;
  const std::string A = D.file("a.cpp", "old a\n");
  const std::string B = D.file("b.h", "old b\n");
  REQUIRE(!llvm::sys::fs::remove(B)); // std::error_code: false is success
  std::map<std::string, FileChange> Changes;
  Changes[A] = {"old a\n", "new a\n"};
  Changes[B] = {"old b\n", "new b\n"};
  CHECK_THAT(message(FileWriter::write(Changes)),
             Catch::StartsWith("cannot read '" + B + "'"));
  CHECK(contents(A) == "old a\n");
  CHECK(D.entries() == std::vector<std::string>{"a.cpp"});
}

TEST_CASE("FileWriter refuses a read-only file", "[writer]") {
  TempDir D;
  const std::string A = D.file("a.cpp", "old a\n");
  const std::string B = D.file("b.h", "old b\n");
  REQUIRE(!llvm::sys::fs::setPermissions(B, llvm::sys::fs::owner_read |
                                                llvm::sys::fs::group_read));
  std::map<std::string, FileChange> Changes;
  Changes[A] = {"old a\n", "new a\n"};
  Changes[B] = {"old b\n", "new b\n"};
  CHECK(message(FileWriter::write(Changes)) == "'" + B + "' is not writable");
  CHECK(contents(A) == "old a\n");
  CHECK(contents(B) == "old b\n");
  CHECK(D.entries() == std::vector<std::string>{"a.cpp", "b.h"});
}
