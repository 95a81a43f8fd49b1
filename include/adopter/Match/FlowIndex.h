//===- FlowIndex.h - Data flow of one method, flattened ---------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The matcher's view of one method of a recovered module: every op of the
// body and of its nested regions (if/else branches, loops, inlined callees)
// in program order, with
//   * definitions and uses of every SSA value, where the result of an inline
//     op is an alias of the value its body yields, and the operands of inline
//     and yield ops are transparent (they are not uses of their own);
//   * for each op, the inline ops around it (its scope chain) and the if
//     branches it sits on (to tell mutually exclusive paths apart);
//   * common subexpressions: a pure op computed again with the same operands
//     (`x - mean` written twice) is a duplicate whose result is an alias of
//     the first one's, when the first one dominates it;
//   * the submodule behind a call path (`inner.fc`, `layers.0`, `h.*.attn`),
//     following user module types and container elements.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_MATCH_FLOWINDEX_H
#define ADOPTER_MATCH_FLOWINDEX_H

#include "adopter/DSL/Model.h"
#include "llvm/ADT/StringRef.h"
#include <deque>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace adopter::match {

struct FlowOp {
  const dsl::Op *Op = nullptr;
  /// Indices (into FlowIndex::ops()) of the inline ops around this one,
  /// outermost first.
  std::vector<int> Scope;
  /// (index of an if op, branch 0 = then / 1 = else) around this op.
  std::vector<std::pair<int, int>> Branches;
  /// Indices of the loop ops around this one, outermost first.
  std::vector<int> Loops;
};

class FlowIndex {
public:
  FlowIndex(const dsl::Graph &G, const dsl::Module &M, const dsl::Method &Fn);

  const dsl::Graph &graph() const { return G; }
  const dsl::Module &module() const { return M; }
  const dsl::Method &method() const { return Fn; }
  const std::vector<FlowOp> &ops() const { return Ops; }
  const FlowOp &op(int I) const { return Ops[I]; }

  /// The value an alias stands for (inline results -> yielded values).
  /// Without \p ThroughRepeats, a repeated pure op's result stays its own:
  /// only a call's result becomes the value its body yields (tuple parts
  /// too).
  std::string resolve(const std::string &Value,
                      bool ThroughRepeats = true) const;
  /// The op defining \p Value (resolved), or -1 for a parameter.
  int def(const std::string &Value) const;
  /// The ops using \p Value (resolved), transparent uses excluded.
  const std::vector<int> &uses(const std::string &Value) const;
  /// The ops whose name is \p Name.
  const std::vector<int> &opsNamed(const std::string &Name) const;
  /// The submodule a call path refers to, or null.
  const dsl::Submodule *submodule(const std::string &Path) const;
  /// True when ops \p A and \p B lie on different branches of one if.
  bool exclusive(int A, int B) const;
  /// The later ops that recompute what op \p I computes.
  const std::vector<int> &duplicates(int I) const;
  bool isDuplicate(int I) const { return DupOf.count(I) > 0; }
  /// An ATen op whose one result depends only on its operands (not in
  /// place, not random, not uninitialised memory).
  static bool isPure(const dsl::Op &O);

private:
  const dsl::Graph &G;
  const dsl::Module &M;
  const dsl::Method &Fn;
  std::vector<FlowOp> Ops;
  std::map<std::string, std::string> Alias;
  std::set<std::string> DupAlias; ///< Alias keys of repeated pure ops
  std::map<std::string, int> Defs;
  std::map<std::string, std::vector<int>> Uses;
  std::map<std::string, std::vector<int>> ByName;
  std::map<int, std::vector<int>> Dups;
  std::map<int, int> DupOf;
  /// Pure op key -> (op, region path) of its first computation.
  std::map<std::string, std::vector<std::pair<int, std::vector<int>>>> Pure;
  std::vector<int> Regions; ///< (if/loop op, region) path, flattened
  /// Inline ops made up for calls whose callee is defined in another unit
  /// (deque: FlowOp points into it).
  std::deque<dsl::Op> Synthetic;
  /// The values an inline op yields when it yields a tuple.
  std::map<std::string, std::vector<std::string>> TupleYields;

  void noteDuplicate(int I);

  void walk(const std::vector<dsl::Op> &Body, std::vector<int> &Scope,
            std::vector<std::pair<int, int>> &Branches);
  std::vector<int> LoopStack;
  void addUses(const dsl::Value &V, int User);
};

/// The module of the graph a submodule type names (`Inner`, `InnerImpl`,
/// `Block<4, 8>`), or null for builtin types.
const dsl::Module *moduleForType(const dsl::Graph &G, const std::string &Type);

/// While alive, moduleForType() on \p G answers from an index of its
/// modules' names instead of scanning them (matching asks once per op; on a
/// graph of thousands of modules the scan made a run quadratic). \p G must
/// not change meanwhile. One per thread; they nest.
class ModuleTypeIndex {
public:
  explicit ModuleTypeIndex(const dsl::Graph &G);
  ~ModuleTypeIndex();
  ModuleTypeIndex(const ModuleTypeIndex &) = delete;
  ModuleTypeIndex &operator=(const ModuleTypeIndex &) = delete;

  /// The index in force for \p G on this thread, or null.
  static const ModuleTypeIndex *current(const dsl::Graph &G);
  const dsl::Module *find(const std::string &Type) const;

private:
  const dsl::Graph &G;
  const ModuleTypeIndex *Outer;
  std::unordered_map<std::string, const dsl::Module *> ByName;
};

/// True when an inline scope (`Inner::forward`) is a method of a module of
/// the graph, which is analysed (and its ops counted) on its own.
bool isModuleMethod(const dsl::Graph &G, llvm::StringRef Scope);

} // namespace adopter::match

#endif // ADOPTER_MATCH_FLOWINDEX_H
