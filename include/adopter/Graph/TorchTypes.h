//===- TorchTypes.h - Recognize LibTorch types in the Clang AST -*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Classification of Clang types and declarations as LibTorch entities:
// modules (`torch::nn::Module` subclasses), module holders
// (`torch::nn::ModuleHolder<T>` and TORCH_MODULE classes), tensors, and the
// containers (Sequential, ModuleList, ModuleDict, AnyModule).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_GRAPH_TORCHTYPES_H
#define ADOPTER_GRAPH_TORCHTYPES_H

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Type.h"
#include <string>

namespace adopter::graph {

/// Kinds of module containers that hold elements.
enum class ContainerKind {
  None,
  Sequential,
  ModuleList,
  ModuleDict,
  AnyModule
};

class TorchTypes {
public:
  /// True if \p RD is (or derives from) `torch::nn::Module`.
  static bool isModuleClass(const clang::CXXRecordDecl *RD);
  /// True for `at::Tensor` (also spelled `torch::Tensor`,
  /// `torch::autograd::Variable`), through references and typedefs.
  static bool isTensor(clang::QualType T);
  /// For a holder type (`torch::nn::Linear`, a TORCH_MODULE class,
  /// `std::shared_ptr<XImpl>`), the module class it holds; else null.
  static const clang::CXXRecordDecl *heldModule(clang::QualType T);
  /// The module class a type denotes: a holder's contained class, the class
  /// of a module (or reference/pointer to one); else null.
  static const clang::CXXRecordDecl *moduleOf(clang::QualType T);
  /// True if \p RD is declared inside LibTorch (namespace torch or at).
  static bool isTorchDecl(const clang::Decl *D);
  /// The user-facing name of a module class: `torch::nn::LinearImpl` ->
  /// `torch::nn::Linear`; a user `FooImpl` with a TORCH_MODULE holder keeps
  /// its class name here (the graph builder maps holders separately);
  /// templates print their arguments without spaces (`StackImpl<4>`).
  static std::string moduleTypeName(const clang::CXXRecordDecl *RD);
  /// Which container, if any, \p RD is or derives from.
  static ContainerKind containerKind(const clang::CXXRecordDecl *RD);
  /// A record's qualified name without spaces.
  static std::string qualifiedName(const clang::NamedDecl *D);
  /// The record a type names after stripping references, pointers, typedefs
  /// and cv-qualifiers; null if none.
  static const clang::CXXRecordDecl *recordOf(clang::QualType T);
};

} // namespace adopter::graph

#endif // ADOPTER_GRAPH_TORCHTYPES_H
