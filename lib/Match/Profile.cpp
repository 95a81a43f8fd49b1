//===- Profile.cpp - Measured speed-ups per site (adopter tune) -----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Match/Profile.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;

namespace adopter::match {

const ProfileEntry *Profile::find(const std::string &Rule,
                                  const dsl::SourceLoc &Loc) const {
  for (const ProfileEntry &E : Sites)
    if (E.Rule == Rule && E.Loc == Loc)
      return &E;
  return nullptr;
}

std::string Profile::unusableFor(const std::string &T,
                                 const std::string &D) const {
  if (Target == T && DType == D)
    return "";
  return "the profile '" + Path + "' was measured for target " + Target +
         " and dtype " + DType + "; it is not used for target " + T +
         " and dtype " + D;
}

Expected<Profile> Profile::read(const std::string &Path) {
  auto Fail = [&](const Twine &Why) -> Error {
    return createStringError(inconvertibleErrorCode(),
                             "cannot use the profile '" + Path + "': " + Why);
  };
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return Fail(Buf.getError().message());
  Expected<json::Value> Doc = json::parse((*Buf)->getBuffer());
  if (!Doc)
    return Fail(toString(Doc.takeError()));
  const json::Object *O = Doc->getAsObject();
  if (!O || O->getString("kind") != "adopter-profile")
    return Fail("not an adopter profile (written by adopter tune)");
  if (O->getInteger("version") != 1)
    return Fail("unsupported version (this adopter reads version 1)");
  Profile P;
  P.Path = Path;
  auto Str = [&](const json::Object &Obj, StringRef Key) {
    return Obj.getString(Key).value_or("").str();
  };
  P.Target = Str(*O, "target");
  P.DType = Str(*O, "dtype");
  P.Torch = Str(*O, "torch");
  P.Machine = Str(*O, "machine");
  P.Date = Str(*O, "date");
  P.Allocator = Str(*O, "allocator");
  const json::Array *Sites = O->getArray("sites");
  if (!Sites)
    return Fail("no 'sites'");
  for (const json::Value &V : *Sites) {
    const json::Object *S = V.getAsObject();
    std::optional<int64_t> Line = S ? S->getInteger("line") : std::nullopt;
    std::optional<int64_t> Col = S ? S->getInteger("column") : std::nullopt;
    std::optional<double> U = S ? S->getNumber("unfused_ms") : std::nullopt;
    std::optional<double> F = S ? S->getNumber("fused_ms") : std::nullopt;
    if (!S || !Line || !Col || !U || !F || Str(*S, "rule").empty() ||
        Str(*S, "file").empty())
      return Fail("a site lacks rule, file, line, column, unfused_ms or "
                  "fused_ms");
    ProfileEntry E;
    E.Rule = Str(*S, "rule");
    E.Loc.File = Str(*S, "file");
    E.Loc.Line = static_cast<unsigned>(*Line);
    E.Loc.Col = static_cast<unsigned>(*Col);
    E.Shape = Str(*S, "shape");
    E.UnfusedMs = *U;
    E.FusedMs = *F;
    P.Sites.push_back(std::move(E));
  }
  return P;
}

void Profile::write(raw_ostream &OS) const {
  json::Array Arr;
  for (const ProfileEntry &E : Sites)
    Arr.push_back(json::Object{{"rule", E.Rule},
                               {"file", E.Loc.File},
                               {"line", E.Loc.Line},
                               {"column", E.Loc.Col},
                               {"shape", E.Shape},
                               {"unfused_ms", E.UnfusedMs},
                               {"fused_ms", E.FusedMs},
                               {"speedup", E.speedup()}});
  json::Object Doc{{"version", 1},     {"kind", "adopter-profile"},
                   {"target", Target}, {"dtype", DType},
                   {"torch", Torch},   {"machine", Machine},
                   {"date", Date},     {"sites", std::move(Arr)}};
  if (!Allocator.empty())
    Doc["allocator"] = Allocator;
  OS << formatv("{0:2}", json::Value(std::move(Doc))) << "\n";
}

} // namespace adopter::match
