//===- GraphBuilder.h - Recover all modules of a translation unit -*- C++ -*-=//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Finds every torch::nn::Module class in the user's code of one translation
// unit (the main file and the project headers it includes, never LibTorch
// or system headers) and recovers it into the DSL: name, holder, members
// with options, and forward() with the methods it calls.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_GRAPH_GRAPHBUILDER_H
#define ADOPTER_GRAPH_GRAPHBUILDER_H

#include "adopter/DSL/Model.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include <map>
#include <memory>

namespace adopter::graph {

class ConstructionAnalyzer;

class GraphBuilder {
public:
  /// Source locations print relative to \p DisplayRoot when below it.
  explicit GraphBuilder(clang::ASTContext &Ctx, std::string DisplayRoot = "");
  ~GraphBuilder();

  /// Add a top-level declaration of user code (namespaces are searched).
  void addDecl(const clang::Decl *D);
  /// Recover every module class found so far.
  dsl::Graph build();

private:
  void visit(const clang::Decl *D);
  std::string displayName(const clang::CXXRecordDecl *RD) const;
  const std::vector<dsl::Submodule> &members(const clang::CXXRecordDecl *RD);
  const clang::CXXRecordDecl *byName(const std::string &Name) const;

  clang::ASTContext &Ctx;
  std::unique_ptr<ConstructionAnalyzer> CA;
  std::vector<const clang::CXXRecordDecl *> Classes;
  /// Free functions with a body: those that drive modules (construct or call
  /// them, or construct an optimizer) are recovered as `{function}` modules.
  std::vector<const clang::FunctionDecl *> Functions;
  std::map<const clang::CXXRecordDecl *, std::string> Holders;
  std::map<const clang::CXXRecordDecl *, std::vector<dsl::Submodule>>
      MemberCache;
  /// The tensors each class registers with register_parameter, filled with
  /// MemberCache.
  std::map<const clang::CXXRecordDecl *, std::vector<dsl::Submodule>>
      ParamCache;
};

} // namespace adopter::graph

#endif // ADOPTER_GRAPH_GRAPHBUILDER_H
