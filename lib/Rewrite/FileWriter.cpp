//===- FileWriter.cpp - Write edited files all or nothing -----------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Rewrite/FileWriter.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <vector>

using namespace llvm;

namespace adopter::rewrite {

Error FileWriter::write(const std::map<std::string, FileChange> &Changes) {
  // Check everything first.
  for (const auto &[Path, C] : Changes) {
    auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                     /*RequiresNullTerminator=*/false);
    if (!Buf)
      return createStringError(Buf.getError(), "cannot read '%s': %s",
                               Path.c_str(), Buf.getError().message().c_str());
    if ((*Buf)->getBuffer() != C.Old)
      return createStringError(
          std::errc::resource_unavailable_try_again,
          "'%s' changed on disk since it was analysed; run adopter again",
          Path.c_str());
    // Checked on the mode bits as well: root may write anything, but a
    // file marked read-only is not meant to change.
    auto P = sys::fs::getPermissions(Path);
    if (sys::fs::access(Path, sys::fs::AccessMode::Write) ||
        (P && !(*P & sys::fs::all_write)))
      return createStringError(std::errc::permission_denied,
                               "'%s' is not writable", Path.c_str());
    SmallString<256> Dir(Path);
    sys::path::remove_filename(Dir);
    if (sys::fs::access(Dir.empty() ? "." : Dir.str(),
                        sys::fs::AccessMode::Write))
      return createStringError(std::errc::permission_denied,
                               "the directory of '%s' is not writable (the "
                               "new file is written beside it, then renamed)",
                               Path.c_str());
  }
  // Temporary files beside the originals, same permissions.
  std::vector<std::pair<std::string, std::string>> Temps;
  auto Cleanup = [&] {
    for (const auto &[Tmp, Path] : Temps)
      sys::fs::remove(Tmp);
  };
  for (const auto &[Path, C] : Changes) {
    auto Perms = sys::fs::getPermissions(Path);
    SmallString<256> Tmp;
    int FD = -1;
    if (std::error_code EC = sys::fs::createUniqueFile(
            Path + ".adopter-%%%%%%", FD, Tmp, sys::fs::OF_None,
            Perms ? *Perms : sys::fs::all_read | sys::fs::owner_write)) {
      Cleanup();
      return createStringError(EC,
                               "cannot create a temporary file beside "
                               "'%s': %s",
                               Path.c_str(), EC.message().c_str());
    }
    Temps.push_back({std::string(Tmp), Path});
    raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << C.New;
    OS.close();
    if (OS.has_error()) {
      std::error_code EC = OS.error();
      OS.clear_error();
      Cleanup();
      return createStringError(EC, "cannot write '%s': %s", Tmp.c_str(),
                               EC.message().c_str());
    }
    if (Perms)
      sys::fs::setPermissions(Tmp, *Perms);
  }
  for (const auto &[Tmp, Path] : Temps)
    if (std::error_code EC = sys::fs::rename(Tmp, Path)) {
      Cleanup();
      return createStringError(EC, "cannot replace '%s': %s", Path.c_str(),
                               EC.message().c_str());
    }
  return Error::success();
}

} // namespace adopter::rewrite
