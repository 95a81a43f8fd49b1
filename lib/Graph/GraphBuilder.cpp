//===- GraphBuilder.cpp - Recover all modules of a translation unit -------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Graph/GraphBuilder.h"
#include "adopter/Graph/ConstructionAnalyzer.h"
#include "adopter/Graph/FlowBuilder.h"
#include "adopter/Graph/TorchTypes.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/Basic/SourceManager.h"
#include <deque>

using namespace clang;

namespace adopter::graph {

GraphBuilder::GraphBuilder(ASTContext &Ctx, std::string DisplayRoot)
    : Ctx(Ctx),
      CA(std::make_unique<ConstructionAnalyzer>(
          Ctx, [this](const CXXRecordDecl *RD) { return displayName(RD); },
          std::move(DisplayRoot))) {}

GraphBuilder::~GraphBuilder() = default;

void GraphBuilder::addDecl(const Decl *D) { visit(D); }

void GraphBuilder::visit(const Decl *D) {
  if (!D || D->isInvalidDecl())
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  if (SM.isInSystemHeader(SM.getFileLoc(D->getLocation())))
    return;
  if (const auto *NS = dyn_cast<NamespaceDecl>(D)) {
    for (const Decl *C : NS->decls())
      visit(C);
    return;
  }
  if (const auto *LS = dyn_cast<LinkageSpecDecl>(D)) {
    for (const Decl *C : LS->decls())
      visit(C);
    return;
  }
  if (const auto *CT = dyn_cast<ClassTemplateDecl>(D)) {
    for (const ClassTemplateSpecializationDecl *S : CT->specializations())
      visit(S);
    return;
  }
  if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
    if (!isa<CXXMethodDecl>(FD) && FD->doesThisDeclarationHaveABody() &&
        !FD->isDependentContext() && !FD->isTemplated() &&
        std::find(Functions.begin(), Functions.end(), FD) == Functions.end())
      Functions.push_back(FD);
    return;
  }
  const auto *RD = dyn_cast<CXXRecordDecl>(D);
  if (!RD || !RD->isThisDeclarationADefinition() || RD->isDependentContext())
    return;
  if (isa<ClassTemplatePartialSpecializationDecl>(RD))
    return;
  for (const Decl *C : RD->decls())
    if (isa<CXXRecordDecl>(C) || isa<ClassTemplateDecl>(C))
      visit(C);
  if (TorchTypes::isTorchDecl(RD))
    return;
  // TORCH_MODULE(X): class X : public torch::nn::ModuleHolder<XImpl>.
  if (const CXXRecordDecl *Held =
          TorchTypes::heldModule(Ctx.getRecordType(RD))) {
    if (!TorchTypes::isModuleClass(RD)) {
      Holders[Held->getCanonicalDecl()] = RD->getNameAsString();
      return;
    }
  }
  if (TorchTypes::isModuleClass(RD) &&
      std::find(Classes.begin(), Classes.end(), RD) == Classes.end())
    Classes.push_back(RD);
}

std::string GraphBuilder::displayName(const CXXRecordDecl *RD) const {
  if (!RD)
    return "?";
  auto It = Holders.find(RD->getCanonicalDecl());
  if (It != Holders.end())
    return It->second;
  return TorchTypes::moduleTypeName(RD);
}

const std::vector<dsl::Submodule> &
GraphBuilder::members(const CXXRecordDecl *RD) {
  RD = RD->getDefinition() ? RD->getDefinition() : RD;
  auto It = MemberCache.find(RD);
  if (It != MemberCache.end())
    return It->second;
  MemberCache[RD] = {}; // guards against cycles
  std::vector<dsl::Submodule> M = CA->members(RD, &ParamCache[RD]);
  return MemberCache[RD] = std::move(M);
}

const CXXRecordDecl *GraphBuilder::byName(const std::string &Name) const {
  for (const CXXRecordDecl *RD : Classes)
    if (displayName(RD) == Name)
      return RD;
  return nullptr;
}

/// A user method, defined here, that takes or returns a tensor.
static bool computesOnTensors(const CXXMethodDecl *MD) {
  if (isa<CXXConstructorDecl>(MD) || isa<CXXDestructorDecl>(MD) ||
      MD->isStatic() || MD->isImplicit() || MD->isPureVirtual() ||
      MD->isOverloadedOperator() || MD->getName() == "forward")
    return false;
  const FunctionDecl *Def = MD->getDefinition();
  if (!Def) {
    Def = MD->getTemplateInstantiationPattern();
    if (!Def || !Def->getDefinition())
      return false;
  }
  if (TorchTypes::isTensor(MD->getReturnType()))
    return true;
  return llvm::any_of(MD->parameters(), [](const ParmVarDecl *P) {
    return TorchTypes::isTensor(P->getType());
  });
}

/// Whether \p Body calls the local module \p Name or one of its elements.
static bool callsMember(const std::vector<dsl::Op> &Body,
                        const std::string &Name) {
  for (const dsl::Op &O : Body) {
    if ((O.K == dsl::Op::Kind::Call || O.K == dsl::Op::Kind::Inline) &&
        (O.Name == Name || llvm::StringRef(O.Name).starts_with(Name + ".")))
      return true;
    if (const dsl::Value *Via = O.attr("via"))
      if (Via->Text == Name ||
          llvm::StringRef(Via->Text).starts_with(Name + "."))
        return true;
    for (const std::vector<dsl::Op> &R : O.Regions)
      if (callsMember(R, Name))
        return true;
  }
  return false;
}

dsl::Graph GraphBuilder::build() {
  dsl::Graph G;
  ModuleInfoProvider Info;
  Info.Members =
      [this](const CXXRecordDecl *RD) -> const std::vector<dsl::Submodule> & {
    return members(RD);
  };
  Info.DisplayName = [this](const CXXRecordDecl *RD) {
    return displayName(RD);
  };
  Info.ByName = [this](const std::string &N) { return byName(N); };
  FlowBuilder FB(Ctx, *CA, Info);
  for (const CXXRecordDecl *RD : Classes) {
    dsl::Module M;
    M.Name = displayName(RD);
    M.Loc = CA->loc(RD->getLocation());
    std::string Cls = TorchTypes::moduleTypeName(RD);
    if (Cls != M.Name)
      M.Attrs.push_back({"impl", dsl::Value::string(Cls)});
    for (const CXXBaseSpecifier &B : RD->bases())
      if (const CXXRecordDecl *BR = B.getType()->getAsCXXRecordDecl()) {
        std::string BN = BR->getQualifiedNameAsString();
        if (BN != "torch::nn::Module")
          M.Attrs.push_back(
              {"base", dsl::Value::string(TorchTypes::isTorchDecl(BR)
                                              ? BN
                                              : displayName(BR))});
      }
    if (RD->isAbstract())
      M.Attrs.push_back({"abstract", dsl::Value::none()});
    M.Members = members(RD);
    M.Parameters = ParamCache[RD->getDefinition() ? RD->getDefinition() : RD];
    // forward() first, then the own methods it calls, in call order.
    std::vector<const CXXMethodDecl *> Todo, Called;
    for (const CXXMethodDecl *MD : RD->methods())
      if (MD->getName() == "forward" && !MD->isPureVirtual())
        Todo.push_back(MD);
    auto Build = [&] {
      for (size_t I = M.Methods.size(); I < Todo.size(); ++I) {
        M.Methods.push_back(FB.build(RD, Todo[I], &Called));
        for (const CXXMethodDecl *C : Called)
          if (std::find(Todo.begin(), Todo.end(), C) == Todo.end())
            Todo.push_back(C);
      }
    };
    Build();
    // Then the other methods that compute on tensors (attention maps,
    // generate(), embeddings), which callers outside forward() use.
    for (const CXXMethodDecl *MD : RD->methods())
      if (computesOnTensors(MD) &&
          llvm::none_of(Todo, [&](const CXXMethodDecl *T) {
            return T->getCanonicalDecl() == MD->getCanonicalDecl();
          })) {
        Todo.push_back(MD);
        Build();
      }
    G.Modules.push_back(std::move(M));
  }
  // Functions that drive modules: training loops, evaluation, factories.
  for (const FunctionDecl *FD : Functions) {
    std::deque<dsl::Submodule> Locals;
    dsl::Method Fn = FB.buildFunction(FD, Locals);
    bool Optimizer = false;
    for (const dsl::Op &O : Fn.Body)
      Optimizer |= llvm::StringRef(O.Name).starts_with("torch::optim::");
    if (Locals.empty() && !Optimizer)
      continue;
    // A Sequential the function builds but does not call (a factory's
    // product) is analyzed as built: its forward is its elements in order.
    std::vector<dsl::Method> Built;
    for (const dsl::Submodule &L : Locals)
      if (L.Type == "torch::nn::Sequential" && !L.Elements.empty() &&
          !callsMember(Fn.Body, L.Name))
        Built.push_back(FB.buildSequentialForward(L));
    dsl::Module M;
    M.Name = FD->getQualifiedNameAsString();
    M.Loc = CA->loc(FD->getLocation());
    M.Attrs.push_back({"function", dsl::Value::none()});
    M.Members.assign(std::make_move_iterator(Locals.begin()),
                     std::make_move_iterator(Locals.end()));
    M.Methods.push_back(std::move(Fn));
    for (dsl::Method &B : Built)
      M.Methods.push_back(std::move(B));
    G.Modules.push_back(std::move(M));
  }
  return G;
}

} // namespace adopter::graph
