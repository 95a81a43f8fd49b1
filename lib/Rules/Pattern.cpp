//===- Pattern.cpp - Rule pattern parser ----------------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Rules/Pattern.h"
#include "adopter/DSL/Printer.h"
#include "adopter/Rules/OpSignatures.h"
#include "llvm/ADT/StringExtras.h"
#include <algorithm>
#include <cctype>
#include <cmath>

using namespace llvm;

namespace adopter::rules {

int Pattern::definingNode(const std::string &Var) const {
  for (size_t I = 0; I < Nodes.size(); ++I)
    if (Nodes[I].Result == Var)
      return static_cast<int>(I);
  return -1;
}

static void renameVar(Pattern &P, const std::string &From,
                      const std::string &To) {
  for (PatternNode &N : P.Nodes)
    for (PatternAlt &A : N.Alts)
      for (PatternArg &Arg : A.Args)
        if (Arg.K == PatternArg::Kind::ValueVar && Arg.Name == From)
          Arg.Name = To;
  for (std::string &O : P.Outputs)
    if (O == From)
      O = To;
}

std::vector<Pattern> Pattern::expandOptionals() const {
  std::vector<size_t> Opt;
  for (size_t I = 0; I < Nodes.size(); ++I)
    if (Nodes[I].Optional)
      Opt.push_back(I);
  std::vector<Pattern> Out;
  // Most ops present first, so that the largest match is found first.
  for (unsigned Mask = 0; Mask < (1u << Opt.size()); ++Mask) {
    Pattern P = *this;
    for (PatternNode &N : P.Nodes)
      N.Optional = false;
    std::vector<bool> Drop(Nodes.size(), false);
    for (size_t B = 0; B < Opt.size(); ++B)
      if (Mask & (1u << B))
        Drop[Opt[B]] = true;
    bool Valid = true;
    for (size_t I = Nodes.size(); I-- > 0;) {
      if (!Drop[I])
        continue;
      // An absent node passes its first value operand through.
      const PatternAlt &A = P.Nodes[I].Alts.front();
      std::string Through;
      for (const PatternArg &Arg : A.Args)
        if (Arg.K == PatternArg::Kind::ValueVar) {
          Through = Arg.Name;
          break;
        }
      if (Through.empty()) {
        Valid = false;
        break;
      }
      std::string Res = P.Nodes[I].Result;
      P.Nodes.erase(P.Nodes.begin() + I);
      renameVar(P, Res, Through);
    }
    // Nodes that only fed absent ones go too (a parameter read that only the
    // absent `* weight` used).
    for (bool Changed = Valid; Changed;) {
      Changed = false;
      for (size_t I = P.Nodes.size(); I-- > 0;) {
        const std::string &R = P.Nodes[I].Result;
        bool Used =
            std::find(P.Outputs.begin(), P.Outputs.end(), R) != P.Outputs.end();
        for (size_t J = 0; J < P.Nodes.size() && !Used; ++J)
          for (const PatternAlt &A : P.Nodes[J].Alts)
            for (const PatternArg &Arg : A.Args)
              Used |= Arg.K == PatternArg::Kind::ValueVar && Arg.Name == R;
        if (!Used) {
          P.Nodes.erase(P.Nodes.begin() + I);
          Changed = true;
        }
      }
    }
    if (Valid && !P.Nodes.empty())
      Out.push_back(std::move(P));
  }
  return Out;
}

bool isCommutative(StringRef Op) {
  return Op == "aten::add" || Op == "aten::mul";
}

namespace {

/// A cursor over one line of pattern text.
class LineParser {
public:
  LineParser(StringRef Line, unsigned LineNo, std::vector<PatternError> &Errs)
      : S(Line), LineNo(LineNo), Errs(Errs) {}

  bool failed() const { return Failed; }
  unsigned col() const { return static_cast<unsigned>(Pos) + 1; }

  void skipSpace() {
    while (Pos < S.size() && (S[Pos] == ' ' || S[Pos] == '\t'))
      ++Pos;
    if (Pos < S.size() && S[Pos] == '#')
      Pos = S.size();
  }
  bool atEnd() {
    skipSpace();
    return Pos >= S.size();
  }
  bool consume(StringRef T) {
    skipSpace();
    if (S.substr(Pos).starts_with(T)) {
      Pos += T.size();
      return true;
    }
    return false;
  }
  char peek() {
    skipSpace();
    return Pos < S.size() ? S[Pos] : '\0';
  }
  void error(const Twine &Msg) {
    if (!Failed)
      Errs.push_back({LineNo, col(), Msg.str()});
    Failed = true;
  }
  void expect(StringRef T) {
    if (!consume(T))
      error("expected '" + T + "'");
  }

  static bool isWordChar(char C) {
    return std::isalnum(static_cast<unsigned char>(C)) || C == '_' || C == '.';
  }
  /// A word, `::` allowed between word characters.
  std::string word() {
    skipSpace();
    size_t B = Pos;
    while (Pos < S.size()) {
      if (isWordChar(S[Pos]))
        ++Pos;
      else if (S.substr(Pos).starts_with("::") && Pos + 2 < S.size() &&
               isWordChar(S[Pos + 2]))
        Pos += 2;
      else
        break;
    }
    return S.substr(B, Pos - B).str();
  }

  std::string varName(char Sigil) {
    skipSpace();
    if (Pos >= S.size() || S[Pos] != Sigil) {
      error(Twine("expected '") + Twine(Sigil) + "' and a name");
      return "";
    }
    ++Pos;
    std::string W = word();
    if (W.empty())
      error(Twine("expected a name after '") + Twine(Sigil) + "'");
    return W;
  }

  dsl::Value literal() {
    skipSpace();
    if (consume("[")) {
      std::vector<dsl::Value> Elems;
      if (!consume("]")) {
        do
          Elems.push_back(literal());
        while (!Failed && consume(","));
        expect("]");
      }
      return dsl::Value::list(std::move(Elems));
    }
    if (peek() == '"') {
      ++Pos;
      std::string T;
      while (Pos < S.size() && S[Pos] != '"')
        T += S[Pos++];
      if (Pos >= S.size())
        error("unterminated string");
      else
        ++Pos;
      return dsl::Value::string(T);
    }
    size_t B = Pos;
    if (Pos < S.size() && (S[Pos] == '-' || S[Pos] == '+'))
      ++Pos;
    if (Pos < S.size() &&
        (std::isdigit(static_cast<unsigned char>(S[Pos])) || S[Pos] == '.')) {
      while (Pos < S.size() &&
             (std::isalnum(static_cast<unsigned char>(S[Pos])) ||
              S[Pos] == '.' ||
              ((S[Pos] == '-' || S[Pos] == '+') &&
               (S[Pos - 1] == 'e' || S[Pos - 1] == 'E'))))
        ++Pos;
      StringRef T = S.substr(B, Pos - B);
      int64_t I;
      if (!T.getAsInteger(10, I))
        return dsl::Value::integer(I);
      double D;
      if (!T.getAsDouble(D))
        return dsl::Value::floating(D);
      error("bad number '" + T + "'");
      return dsl::Value();
    }
    bool Neg = Pos > B;
    std::string W = word();
    if (W == "inf")
      return dsl::Value::floating(Neg ? -INFINITY : INFINITY);
    if (Neg || W.empty()) {
      error("expected a value");
      return dsl::Value();
    }
    if (W == "true" || W == "false")
      return dsl::Value::boolean(W == "true");
    return dsl::Value::ident(W);
  }

  PatternArg arg() {
    PatternArg A;
    skipSpace();
    // keyword?
    size_t Save = Pos;
    std::string W = word();
    if (!W.empty() && peek() == '=' && !S.substr(Pos).starts_with("==")) {
      ++Pos;
      A.Key = W;
    } else {
      Pos = Save;
    }
    char C = peek();
    if (C == '%') {
      A.K = PatternArg::Kind::ValueVar;
      A.Name = varName('%');
    } else if (C == '$') {
      A.K = PatternArg::Kind::AttrVar;
      A.Name = varName('$');
    } else if (consume("...")) {
      A.K = PatternArg::Kind::Rest;
      if (!A.Key.empty())
        error("'...' cannot have a keyword");
    } else if (C == '_' && (Pos + 1 >= S.size() || !isWordChar(S[Pos + 1]))) {
      ++Pos;
      A.K = PatternArg::Kind::Any;
    } else {
      A.K = PatternArg::Kind::Literal;
      A.Lit = literal();
    }
    return A;
  }

  PatternAlt alt() {
    PatternAlt A;
    skipSpace();
    A.Line = LineNo;
    A.Col = col();
    if (peek() == '$')
      A.ModuleVar = varName('$');
    else {
      A.Op = word();
      if (A.Op.empty())
        error("expected an op name (`aten::relu`) or a module variable "
              "(`$fc`)");
    }
    expect("(");
    if (Failed)
      return A;
    if (!consume(")")) {
      do {
        A.Args.push_back(arg());
        if (A.Args.back().K == PatternArg::Kind::Rest && peek() != ')')
          error("'...' must be the last argument");
      } while (!Failed && consume(","));
      expect(")");
    }
    return A;
  }

private:
  StringRef S;
  size_t Pos = 0;
  unsigned LineNo;
  std::vector<PatternError> &Errs;
  bool Failed = false;
};

} // namespace

Pattern parsePattern(StringRef Text, std::vector<PatternError> &Errors) {
  Pattern P;
  SmallVector<StringRef, 16> Lines;
  Text.split(Lines, '\n');
  size_t ErrorsBefore = Errors.size();
  for (size_t I = 0; I < Lines.size(); ++I) {
    unsigned LineNo = static_cast<unsigned>(I) + 1;
    LineParser LP(Lines[I].rtrim("\r"), LineNo, Errors);
    if (LP.atEnd())
      continue;
    if (!P.Outputs.empty()) {
      LP.error("nothing may follow 'return'");
      continue;
    }
    if (LP.consume("return")) {
      P.ReturnLine = LineNo;
      do
        P.Outputs.push_back(LP.varName('%'));
      while (!LP.failed() && LP.consume(","));
      if (!LP.failed() && !LP.atEnd())
        LP.error("unexpected text after 'return'");
      continue;
    }
    PatternNode N;
    N.Line = LineNo;
    N.Col = LP.col();
    N.Result = LP.varName('%');
    LP.expect("=");
    if (LP.failed())
      continue;
    do
      N.Alts.push_back(LP.alt());
    while (!LP.failed() && LP.consume("|"));
    if (LP.consume("?"))
      N.Optional = true;
    if (!LP.failed() && !LP.atEnd())
      LP.error("unexpected text after the op");
    if (LP.failed())
      continue;
    if (P.definingNode(N.Result) >= 0) {
      Errors.push_back({LineNo, N.Col, "'%" + N.Result + "' is defined twice"});
      continue;
    }
    for (const PatternAlt &A : N.Alts)
      for (const PatternArg &Arg : A.Args)
        if (Arg.K == PatternArg::Kind::ValueVar && Arg.Name == N.Result)
          Errors.push_back(
              {LineNo, N.Col, "'%" + N.Result + "' is used by its own op"});
    P.Nodes.push_back(std::move(N));
  }
  if (Errors.size() != ErrorsBefore)
    return P;
  if (P.Nodes.empty()) {
    Errors.push_back({1, 1, "the pattern has no ops"});
    return P;
  }
  if (P.Outputs.empty()) {
    Errors.push_back({static_cast<unsigned>(Lines.size()), 1,
                      "the pattern must end with 'return %value'"});
    return P;
  }
  for (const std::string &O : P.Outputs)
    if (P.definingNode(O) < 0)
      Errors.push_back(
          {P.ReturnLine, 1, "'%" + O + "' is returned but no op defines it"});
  // Every node must be used by a later node or returned, so that the
  // pattern is one connected chain.
  for (size_t I = 0; I < P.Nodes.size(); ++I) {
    const std::string &R = P.Nodes[I].Result;
    bool Used =
        std::find(P.Outputs.begin(), P.Outputs.end(), R) != P.Outputs.end();
    for (size_t J = I + 1; J < P.Nodes.size() && !Used; ++J)
      for (const PatternAlt &A : P.Nodes[J].Alts)
        for (const PatternArg &Arg : A.Args)
          if (Arg.K == PatternArg::Kind::ValueVar && Arg.Name == R)
            Used = true;
    if (!Used)
      Errors.push_back(
          {P.Nodes[I].Line, P.Nodes[I].Col,
           "'%" + R + "' is neither used by a later op nor returned"});
    // Uses must follow definitions.
    for (const PatternAlt &A : P.Nodes[I].Alts)
      for (const PatternArg &Arg : A.Args)
        if (Arg.K == PatternArg::Kind::ValueVar &&
            P.definingNode(Arg.Name) > static_cast<int>(I))
          Errors.push_back(
              {A.Line, A.Col, "'%" + Arg.Name + "' is used before its op"});
    if (P.Nodes[I].Optional) {
      bool HasValue = false;
      for (const PatternArg &Arg : P.Nodes[I].Alts.front().Args)
        HasValue |= Arg.K == PatternArg::Kind::ValueVar;
      if (!HasValue)
        Errors.push_back({P.Nodes[I].Line, P.Nodes[I].Col,
                          "an optional op needs a '%value' operand to pass "
                          "through when it is absent"});
    }
  }
  return P;
}

static void printArg(raw_ostream &OS, const PatternArg &A) {
  if (!A.Key.empty())
    OS << A.Key << "=";
  switch (A.K) {
  case PatternArg::Kind::ValueVar:
    OS << "%" << A.Name;
    break;
  case PatternArg::Kind::AttrVar:
    OS << "$" << A.Name;
    break;
  case PatternArg::Kind::Any:
    OS << "_";
    break;
  case PatternArg::Kind::Rest:
    OS << "...";
    break;
  case PatternArg::Kind::Literal:
    dsl::printValue(A.Lit, OS);
    break;
  }
}

std::string printPattern(const Pattern &P) {
  std::string S;
  raw_string_ostream OS(S);
  for (const PatternNode &N : P.Nodes) {
    OS << "%" << N.Result << " = ";
    for (size_t I = 0; I < N.Alts.size(); ++I) {
      const PatternAlt &A = N.Alts[I];
      if (I)
        OS << " | ";
      if (A.ModuleVar.empty())
        OS << A.Op;
      else
        OS << "$" << A.ModuleVar;
      OS << "(";
      for (size_t J = 0; J < A.Args.size(); ++J) {
        if (J)
          OS << ", ";
        printArg(OS, A.Args[J]);
      }
      OS << ")";
    }
    if (N.Optional)
      OS << "?";
    OS << "\n";
  }
  OS << "return ";
  for (size_t I = 0; I < P.Outputs.size(); ++I)
    OS << (I ? ", %" : "%") << P.Outputs[I];
  OS << "\n";
  return S;
}

bool Pattern::covers(const std::string &Op,
                     const std::vector<dsl::Arg> &Args) const {
  bool Seen = false;
  for (const PatternNode &N : Nodes)
    for (const PatternAlt &A : N.Alts) {
      if (A.Op != Op)
        continue;
      Seen = true;
      std::vector<std::string> Keys; // the alternative's keyword slots
      size_t Positional = 0;
      for (const PatternArg &PA : A.Args) {
        if (PA.K == PatternArg::Kind::Rest)
          continue;
        if (PA.Key.empty())
          ++Positional;
        else
          Keys.push_back(PA.Key);
      }
      bool Ok = true;
      size_t Pos = 0;
      for (const dsl::Arg &Arg : Args) {
        if (Arg.Key.empty()) {
          Ok &= Pos++ < Positional;
          continue;
        }
        int At = OpSignatures::position(Op, Arg.Key);
        Ok &= std::find(Keys.begin(), Keys.end(), Arg.Key) != Keys.end() ||
              (At >= 0 && static_cast<size_t>(At) < Positional);
      }
      if (Ok)
        return true;
    }
  return !Seen;
}

bool Pattern::pinned(const std::string &Op, unsigned Pos) const {
  bool Seen = false;
  for (const PatternNode &N : Nodes)
    for (const PatternAlt &A : N.Alts) {
      if (A.Op != Op)
        continue;
      Seen = true;
      unsigned K = 0;
      const PatternArg *At = nullptr;
      for (const PatternArg &PA : A.Args)
        if (PA.Key.empty() && PA.K != PatternArg::Kind::Rest && K++ == Pos)
          At = &PA;
      if (!At || At->K != PatternArg::Kind::Literal)
        return false;
    }
  return Seen;
}

} // namespace adopter::rules
