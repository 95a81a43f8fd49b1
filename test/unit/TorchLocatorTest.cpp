//===- TorchLocatorTest.cpp - Tests of finding the LibTorch headers -------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Driver/TorchLocator.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <catch2/catch.hpp>

#include <map>
#include <string>

using namespace adopter::driver;

namespace {

/// A fake LibTorch install under a fresh temporary directory: only the file
/// the locator looks for.
struct FakeTorch {
  std::string Root;
  explicit FakeTorch(llvm::StringRef Layout) {
    llvm::SmallString<128> Dir;
    REQUIRE(!llvm::sys::fs::createUniqueDirectory("adopter-torch", Dir));
    Root = std::string(Dir);
    if (!Layout.empty())
      touch(Layout.str() + "/torch/csrc/api/include/torch/nn/module.h");
  }
  ~FakeTorch() { llvm::sys::fs::remove_directories(Root); }
  void touch(const std::string &Rel) const {
    llvm::SmallString<256> P(Root);
    llvm::sys::path::append(P, Rel);
    REQUIRE(
        !llvm::sys::fs::create_directories(llvm::sys::path::parent_path(P)));
    std::error_code EC;
    llvm::raw_fd_ostream OS(P, EC);
    REQUIRE(!EC);
  }
  std::string path(llvm::StringRef Rel) const {
    llvm::SmallString<256> P(Root);
    if (!Rel.empty())
      llvm::sys::path::append(P, Rel);
    return std::string(P);
  }
};

std::map<std::string, std::string> Env;
const char *fakeEnv(const char *Name) {
  auto It = Env.find(Name);
  return It == Env.end() ? nullptr : It->second.c_str();
}

} // namespace

TEST_CASE("A libtorch prefix gives its include and API include dirs",
          "[torch-locator]") {
  FakeTorch T("include");
  auto Dirs = TorchLocator::includeDirsAt(T.Root);
  REQUIRE(Dirs.size() == 2);
  CHECK(Dirs[0] == T.path("include"));
  CHECK(Dirs[1] == T.path("include/torch/csrc/api/include"));
}

TEST_CASE("An include root and the API dir itself are accepted",
          "[torch-locator]") {
  FakeTorch T("include");
  CHECK(TorchLocator::includeDirsAt(T.path("include")).size() == 2);
  auto Api =
      TorchLocator::includeDirsAt(T.path("include/torch/csrc/api/include"));
  REQUIRE(Api.size() == 2);
  CHECK(Api[0] == T.path("include"));
}

TEST_CASE("A CMake package directory leads to its prefix", "[torch-locator]") {
  FakeTorch T("include");
  T.touch("share/cmake/Torch/TorchConfig.cmake");
  auto Dirs = TorchLocator::includeDirsAt(T.path("share/cmake/Torch"));
  REQUIRE(Dirs.size() == 2);
  CHECK(Dirs[1] == T.path("include/torch/csrc/api/include"));
}

TEST_CASE("A directory without LibTorch gives nothing", "[torch-locator]") {
  FakeTorch T("");
  CHECK(TorchLocator::includeDirsAt(T.Root).empty());
  CHECK(TorchLocator::includeDirsAt(T.path("does-not-exist")).empty());
  CHECK(TorchLocator::includeDirsAt("").empty());
}

TEST_CASE("The --torch-dir option wins over the environment, which wins "
          "over Debian",
          "[torch-locator]") {
  FakeTorch A("include"), B("include");
  Env = {{"LIBTORCH", B.Root}};
  auto FromOpt = TorchLocator::locate(A.Root, fakeEnv);
  REQUIRE(static_cast<bool>(FromOpt));
  CHECK(FromOpt->IncludeDirs[0] == A.path("include"));
  CHECK(FromOpt->Origin == "--torch-dir " + A.Root);

  auto FromEnv = TorchLocator::locate("", fakeEnv);
  REQUIRE(static_cast<bool>(FromEnv));
  CHECK(FromEnv->IncludeDirs[0] == B.path("include"));
  CHECK(FromEnv->Origin == "$LIBTORCH=" + B.Root);

  Env = {{"Torch_DIR", B.Root}};
  auto FromTorchDir = TorchLocator::locate("", fakeEnv);
  REQUIRE(static_cast<bool>(FromTorchDir));
  CHECK(FromTorchDir->Origin == "$Torch_DIR=" + B.Root);
  Env.clear();
}

TEST_CASE("A bad --torch-dir or $LIBTORCH is an error, not a fallback",
          "[torch-locator]") {
  FakeTorch Empty("");
  auto Bad = TorchLocator::locate(Empty.Root, fakeEnv);
  REQUIRE(!Bad);
  CHECK(llvm::toString(Bad.takeError())
            .find("does not contain the LibTorch "
                  "headers") != std::string::npos);
  Env = {{"LIBTORCH", Empty.Root}};
  auto BadEnv = TorchLocator::locate("", fakeEnv);
  REQUIRE(!BadEnv);
  CHECK(llvm::toString(BadEnv.takeError()).find("$LIBTORCH") !=
        std::string::npos);
  Env.clear();
}

TEST_CASE("Debian's /usr/include is never passed with -isystem",
          "[torch-locator]") {
  // Only meaningful where libtorch-dev is installed (it is, for the suite).
  auto Dirs = TorchLocator::includeDirsAt("/usr/include");
  if (Dirs.empty())
    SUCCEED("no LibTorch in /usr/include");
  else
    CHECK(Dirs ==
          std::vector<std::string>{"/usr/include/torch/csrc/api/include"});
}
