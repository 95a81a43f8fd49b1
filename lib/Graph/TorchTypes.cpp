//===- TorchTypes.cpp - Recognize LibTorch types in the Clang AST ---------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Graph/TorchTypes.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/PrettyPrinter.h"
#include "llvm/ADT/StringRef.h"

using namespace clang;

namespace adopter::graph {

namespace {

/// Visit \p RD and all its (non-dependent) bases, depth first; stop when
/// \p Fn returns true.
template <typename F>
bool anyBase(const CXXRecordDecl *RD, F Fn, int Depth = 0) {
  if (!RD || Depth > 32)
    return false;
  RD = RD->getDefinition() ? RD->getDefinition() : RD;
  if (Fn(RD))
    return true;
  if (!RD->hasDefinition())
    return false;
  for (const CXXBaseSpecifier &B : RD->bases())
    if (const CXXRecordDecl *BR = B.getType()->getAsCXXRecordDecl())
      if (anyBase(BR, Fn, Depth + 1))
        return true;
  return false;
}

std::string stripSpaces(std::string S) {
  std::string R;
  for (size_t I = 0; I < S.size(); ++I) {
    if (S[I] == ' ') {
      // Keep a space between two identifier characters ("unsigned int").
      bool L = I > 0 && (isalnum((unsigned char)S[I - 1]) || S[I - 1] == '_');
      bool Rt = I + 1 < S.size() &&
                (isalnum((unsigned char)S[I + 1]) || S[I + 1] == '_');
      if (L && Rt)
        R += '_';
      continue;
    }
    R += S[I];
  }
  return R;
}

} // namespace

std::string TorchTypes::qualifiedName(const NamedDecl *D) {
  if (!D)
    return "";
  return D->getQualifiedNameAsString();
}

const CXXRecordDecl *TorchTypes::recordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  T = T.getCanonicalType().getUnqualifiedType();
  return T->getAsCXXRecordDecl();
}

bool TorchTypes::isModuleClass(const CXXRecordDecl *RD) {
  return anyBase(RD, [](const CXXRecordDecl *R) {
    return R->getQualifiedNameAsString() == "torch::nn::Module";
  });
}

bool TorchTypes::isTensor(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD)
    return false;
  std::string N = RD->getQualifiedNameAsString();
  return N == "at::Tensor" || N == "at::TensorBase";
}

bool TorchTypes::isTorchDecl(const Decl *D) {
  const DeclContext *DC = D ? D->getDeclContext() : nullptr;
  const NamespaceDecl *Outer = nullptr;
  for (; DC; DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      Outer = NS;
  if (!Outer)
    return false;
  StringRef N = Outer->getName();
  return N == "torch" || N == "at" || N == "c10";
}

const CXXRecordDecl *TorchTypes::heldModule(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD)
    return nullptr;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD)) {
    if (Spec->getQualifiedNameAsString() == "std::shared_ptr" &&
        Spec->getTemplateArgs().size() >= 1) {
      const CXXRecordDecl *Inner =
          recordOf(Spec->getTemplateArgs()[0].getAsType());
      return isModuleClass(Inner) ? Inner : nullptr;
    }
  }
  const CXXRecordDecl *Held = nullptr;
  anyBase(RD, [&](const CXXRecordDecl *R) {
    const auto *S = dyn_cast<ClassTemplateSpecializationDecl>(R);
    if (!S || S->getQualifiedNameAsString() != "torch::nn::ModuleHolder" ||
        S->getTemplateArgs().size() < 1)
      return false;
    Held = recordOf(S->getTemplateArgs()[0].getAsType());
    return true;
  });
  return Held;
}

const CXXRecordDecl *TorchTypes::moduleOf(QualType T) {
  if (const CXXRecordDecl *H = heldModule(T))
    return H;
  const CXXRecordDecl *RD = recordOf(T);
  return isModuleClass(RD) ? RD : nullptr;
}

ContainerKind TorchTypes::containerKind(const CXXRecordDecl *RD) {
  ContainerKind K = ContainerKind::None;
  anyBase(RD, [&](const CXXRecordDecl *R) {
    std::string N = R->getQualifiedNameAsString();
    if (N == "torch::nn::SequentialImpl")
      K = ContainerKind::Sequential;
    else if (N == "torch::nn::ModuleListImpl")
      K = ContainerKind::ModuleList;
    else if (N == "torch::nn::ModuleDictImpl")
      K = ContainerKind::ModuleDict;
    else if (N == "torch::nn::AnyModule")
      K = ContainerKind::AnyModule;
    return K != ContainerKind::None;
  });
  return K;
}

std::string TorchTypes::moduleTypeName(const CXXRecordDecl *RD) {
  if (!RD)
    return "?";
  if (isTorchDecl(RD)) {
    std::string N = RD->getQualifiedNameAsString();
    llvm::StringRef S(N);
    if (S.ends_with("Impl"))
      return S.drop_back(4).str();
    return N;
  }
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD)) {
    PrintingPolicy PP(RD->getASTContext().getLangOpts());
    PP.SuppressScope = false;
    PP.FullyQualifiedName = false;
    std::string S;
    llvm::raw_string_ostream OS(S);
    Spec->getNameForDiagnostic(OS, PP, /*Qualified=*/false);
    return stripSpaces(OS.str());
  }
  return RD->getNameAsString();
}

} // namespace adopter::graph
