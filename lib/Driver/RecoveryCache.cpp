//===- RecoveryCache.cpp - Recovered graphs cached per translation unit ---===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Entry format (text, one entry per file `<key>.graph`):
//
//   adopter-recovery-cache 1
//   torch <major.minor or ->
//   modules <0|1>
//   deps <N>
//   <content hash, 16 hex digits> <size> <mtime ns> <path>     (N lines)
//   graph
//   <the DSL text, to the end of the file>
//
//===----------------------------------------------------------------------===//

#include "adopter/Driver/RecoveryCache.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Chrono.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA1.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

using namespace llvm;

namespace adopter::driver {

namespace {

constexpr const char *Magic = "adopter-recovery-cache 1";

/// Nanoseconds since the epoch of \p Path's modification time.
int64_t mtimeNs(const sys::fs::file_status &S) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             S.getLastModificationTime().time_since_epoch())
      .count();
}

/// Splits off the first line of \p Text (without its newline).
StringRef takeLine(StringRef &Text) {
  auto [Line, Rest] = Text.split('\n');
  Text = Rest;
  return Line;
}

} // namespace

Error RecoveryCache::prepare() const {
  if (std::error_code EC = sys::fs::create_directories(Dir))
    return createStringError(EC, "cannot create the cache folder '%s': %s",
                             Dir.c_str(), EC.message().c_str());
  if (sys::fs::access(Dir, sys::fs::AccessMode::Write))
    return createStringError(inconvertibleErrorCode(),
                             "the cache folder '%s' is not writable",
                             Dir.c_str());
  return Error::success();
}

std::string
RecoveryCache::key(ArrayRef<clang::tooling::CompileCommand> Commands,
                   ArrayRef<std::string> ExtraArgs, StringRef Root) {
  SHA1 H;
  auto Add = [&](StringRef S) {
    H.update(S);
    H.update(StringRef("\0", 1));
  };
  Add(Magic);
  Add(ADOPTER_VERSION);
  // A rebuilt adopter may recover differently under the same version.
  std::string Exe = sys::fs::getMainExecutable(nullptr, nullptr);
  sys::fs::file_status S;
  if (!Exe.empty() && !sys::fs::status(Exe, S)) {
    Add(Exe);
    Add(std::to_string(S.getSize()));
    Add(std::to_string(mtimeNs(S)));
  }
  Add(Root);
  for (const clang::tooling::CompileCommand &C : Commands) {
    Add(C.Directory);
    Add(C.Filename);
    for (const std::string &A : C.CommandLine)
      Add(A);
    Add("--");
  }
  for (const std::string &A : ExtraArgs)
    Add(A);
  return toHex(H.final(), /*LowerCase=*/true);
}

std::optional<uint64_t> RecoveryCache::contentHash(StringRef Path) {
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    auto It = Hashes.find(Path);
    if (It != Hashes.end())
      return It->second;
  }
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!Buf)
    return std::nullopt;
  uint64_t V = xxh3_64bits((*Buf)->getBuffer());
  std::lock_guard<std::mutex> Lock(Mutex);
  Hashes[Path] = V;
  return V;
}

std::optional<CachedUnit> RecoveryCache::lookup(StringRef Key) {
  SmallString<256> Path(Dir);
  sys::path::append(Path, Key + ".graph");
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return std::nullopt;
  StringRef Text = (*Buf)->getBuffer();
  if (takeLine(Text) != Magic)
    return std::nullopt;
  CachedUnit U;
  StringRef Torch = takeLine(Text);
  StringRef Modules = takeLine(Text);
  StringRef Deps = takeLine(Text);
  unsigned N = 0;
  if (!Torch.consume_front("torch ") || !Modules.consume_front("modules ") ||
      !Deps.consume_front("deps ") || Deps.getAsInteger(10, N))
    return std::nullopt;
  U.TorchVersion = Torch == "-" ? "" : Torch.str();
  U.NoModules = Modules == "0";
  for (unsigned I = 0; I < N; ++I) {
    // <hash> <size> <mtime> <path>; the path may hold spaces.
    StringRef Line = takeLine(Text);
    auto [HashText, R1] = Line.split(' ');
    auto [SizeText, R2] = R1.split(' ');
    auto [TimeText, File] = R2.split(' ');
    uint64_t Hash = 0, Size = 0;
    int64_t Time = 0;
    if (HashText.getAsInteger(16, Hash) || SizeText.getAsInteger(10, Size) ||
        TimeText.getAsInteger(10, Time) || File.empty())
      return std::nullopt;
    sys::fs::file_status S;
    if (sys::fs::status(File, S) || S.getSize() != Size)
      return std::nullopt;
    if (mtimeNs(S) == Time)
      continue; // untouched since it was hashed
    std::optional<uint64_t> Now = contentHash(File);
    if (!Now || *Now != Hash)
      return std::nullopt;
  }
  if (takeLine(Text) != "graph")
    return std::nullopt;
  U.GraphText = Text.str();
  return U;
}

Error RecoveryCache::store(StringRef Key, const CachedUnit &U,
                           ArrayRef<std::string> Deps) {
  std::string Body;
  raw_string_ostream OS(Body);
  OS << Magic << "\n"
     << "torch " << (U.TorchVersion.empty() ? "-" : U.TorchVersion) << "\n"
     << "modules " << (U.NoModules ? 0 : 1) << "\n"
     << "deps " << Deps.size() << "\n";
  for (const std::string &File : Deps) {
    sys::fs::file_status S;
    if (std::error_code EC = sys::fs::status(File, S))
      return createStringError(EC, "cannot read '%s'", File.c_str());
    std::optional<uint64_t> Hash = contentHash(File);
    if (!Hash)
      return createStringError(inconvertibleErrorCode(), "cannot read '%s'",
                               File.c_str());
    OS << format_hex_no_prefix(*Hash, 16) << " " << S.getSize() << " "
       << mtimeNs(S) << " " << File << "\n";
  }
  OS << "graph\n" << U.GraphText;
  SmallString<256> Path(Dir);
  sys::path::append(Path, Key + ".graph");
  // writeToOutput writes a temporary file beside Path and renames it.
  return writeToOutput(Path, [&](raw_ostream &Out) {
    Out << Body;
    return Error::success();
  });
}

} // namespace adopter::driver
