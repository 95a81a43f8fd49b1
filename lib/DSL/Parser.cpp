//===- Parser.cpp - Parse the adopter DSL text form -----------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// A line-oriented recursive-descent parser. The input is split into logical
// lines (blank and comment-only lines dropped); each block (module body,
// member elements, method body, region) is the run of lines at exactly its
// indentation. Within a line a cursor scans tokens; the lexical classes below
// mirror the ones the printer uses to decide what needs quoting.
//
//===----------------------------------------------------------------------===//

#include "adopter/DSL/Parser.h"
#include "Lexicon.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"

#include <cmath>
#include <cstdlib>
#include <optional>

using namespace adopter::dsl;
using llvm::StringRef;
using llvm::Twine;

using namespace adopter::dsl::lexicon;

namespace {

/// Deepest nesting of blocks or lists accepted, to bound recursion.
constexpr unsigned MaxDepth = 200;

/// Returns the keyword closest to \p Word, if it is close enough to be a
/// plausible typo.
std::optional<StringRef> suggest(StringRef Word,
                                 llvm::ArrayRef<StringRef> Keywords) {
  unsigned Max = std::max<size_t>(1, Word.size() / 3);
  unsigned Best = Max + 1;
  std::optional<StringRef> Result;
  for (StringRef K : Keywords) {
    unsigned D = Word.edit_distance(K, /*AllowReplacements=*/true, Max);
    if (D < Best) {
      Best = D;
      Result = K;
    }
  }
  return Result;
}

const StringRef StmtKeywords[] = {"return", "yield", "if",    "else",
                                  "loop",   "pass",  "inline"};

struct Line {
  unsigned No;    ///< 1-based line number
  StringRef Text; ///< the whole line, without the line terminator
  unsigned Indent;
  size_t TabPos; ///< position of a tab in the indentation, or npos
};

class Parser {
public:
  Parser(StringRef Text, StringRef BufferName) : BufferName(BufferName) {
    splitLines(Text);
  }

  llvm::Expected<Graph> run() {
    Graph G;
    if (parseGraph(G))
      return llvm::createStringError(llvm::inconvertibleErrorCode(), Err);
    return G;
  }

private:
  std::string BufferName;
  std::vector<Line> Lines;
  size_t Cur = 0; ///< index of the next line to parse
  StringRef L;    ///< text of the current line
  unsigned LineNo = 0;
  size_t P = 0; ///< cursor in L
  std::string Err;

  //===--- Diagnostics ----------------------------------------------------===//

  bool errorAt(unsigned Line, size_t Pos, const Twine &Msg) {
    if (Err.empty())
      Err = (Twine(BufferName) + ":" + Twine(Line) + ":" + Twine(Pos + 1) +
             ": error: " + Msg)
                .str();
    return true;
  }
  bool error(size_t Pos, const Twine &Msg) { return errorAt(LineNo, Pos, Msg); }
  bool error(const Twine &Msg) { return error(P, Msg); }

  /// Describes the token at \p Pos for "found ..." messages.
  std::string describe(size_t Pos) const {
    if (Pos >= L.size() || L[Pos] == '#')
      return "end of line";
    size_t N = runLength(L.substr(Pos), isWordChar);
    if (N)
      return ("'" + L.substr(Pos, std::min<size_t>(N, 40)) + "'").str();
    auto U = static_cast<unsigned char>(L[Pos]);
    if (U < 0x20 || U >= 0x7f)
      return "character 0x" + llvm::utohexstr(U, /*LowerCase=*/true, 2);
    return std::string("'") + L[Pos] + "'";
  }
  bool errorFound(const Twine &Expected) {
    return error(Expected + ", found " + describe(P));
  }

  //===--- Lines and cursor -----------------------------------------------===//

  /// Sets \p Indent to the indentation of the next line, or -1 at the end of
  /// the input. Reports tabs and odd indentation.
  bool nextIndent(int &Indent) {
    if (Cur >= Lines.size()) {
      Indent = -1;
      return false;
    }
    const Line &N = Lines[Cur];
    if (N.TabPos != StringRef::npos)
      return errorAt(N.No, N.TabPos,
                     "tab character in indentation; indent with 2 spaces "
                     "per level");
    if (N.Indent % 2)
      return errorAt(N.No, N.Indent,
                     "indentation of " + Twine(N.Indent) +
                         " spaces is not a multiple of 2");
    Indent = N.Indent;
    return false;
  }

  void beginLine() {
    const Line &N = Lines[Cur++];
    L = N.Text;
    LineNo = N.No;
    P = N.Indent;
  }

  bool at(char C) const { return P < L.size() && L[P] == C; }
  void skipSpace() {
    while (P < L.size() && (L[P] == ' ' || L[P] == '\t'))
      ++P;
  }
  bool atEOL() {
    skipSpace();
    return P >= L.size() || L[P] == '#';
  }
  /// Consumes \p C after optional spaces.
  bool consume(char C) {
    skipSpace();
    if (!at(C))
      return false;
    ++P;
    return true;
  }
  bool expectEOL() {
    if (atEOL())
      return false;
    return errorFound("expected end of line");
  }

  /// Parses `item, item, ...` up to \p Close (the opening bracket is
  /// already consumed).
  template <typename F> bool parseSeq(char Close, const Twine &What, F Item) {
    if (consume(Close))
      return false;
    while (true) {
      if (Item())
        return true;
      if (consume(','))
        continue;
      if (consume(Close))
        return false;
      if (atEOL())
        return error("expected '" + Twine(Close) + "' to close " + What);
      return errorFound("expected ',' or '" + Twine(Close) + "' in " + What);
    }
  }

  StringRef lexRun(bool (*IsChar)(char)) {
    size_t N = runLength(L.substr(P), IsChar);
    StringRef R = L.substr(P, N);
    P += N;
    return R;
  }

  //===--- Grammar ------------------------------------------------------===//

  void splitLines(StringRef Text) {
    for (unsigned No = 1; !Text.empty(); ++No) {
      auto [Raw, Rest] = Text.split('\n');
      Text = Rest;
      Raw.consume_back("\r");
      StringRef Lead =
          Raw.take_while([](char C) { return C == ' ' || C == '\t'; });
      StringRef Content = Raw.drop_front(Lead.size());
      if (!Content.empty() && Content[0] != '#')
        Lines.push_back(
            {No, Raw, static_cast<unsigned>(Lead.size()), Lead.find('\t')});
    }
  }

  bool parseQuoted(std::string &Out) {
    char Delim = L[P];
    size_t Start = P++;
    Out.clear();
    while (true) {
      if (P >= L.size())
        return error(Start, Twine("missing terminating ") +
                                (Delim == '"' ? "'\"'" : "'`'") + " character");
      char C = L[P++];
      if (C == Delim)
        return false;
      if (C != '\\') {
        Out += C;
        continue;
      }
      if (P >= L.size())
        return error(P - 1, "incomplete escape sequence at end of line");
      char E = L[P++];
      if (E == 'x') {
        if (P + 2 > L.size() || !llvm::isHexDigit(L[P]) ||
            !llvm::isHexDigit(L[P + 1]))
          return error(P - 2, "expected two hex digits after '\\x'");
        Out += static_cast<char>(llvm::hexDigitValue(L[P]) * 16 +
                                 llvm::hexDigitValue(L[P + 1]));
        P += 2;
        continue;
      }
      size_t I = StringRef("\\\"`ntr").find(E);
      if (I == StringRef::npos)
        return error(P - 2, "unknown escape sequence '\\" +
                                (llvm::isPrint(E) ? Twine(E) : Twine("?")) +
                                "'");
      Out += "\\\"`\n\t\r"[I];
    }
  }

  /// Parses a quoted name or a bare run of \p IsChar characters.
  bool parseName(std::string &Out, bool (*IsChar)(char), const Twine &What) {
    skipSpace();
    if (at('"'))
      return parseQuoted(Out);
    StringRef R = lexRun(IsChar);
    if (R.empty())
      return errorFound("expected " + What);
    Out = R.str();
    return false;
  }

  bool parseRef(std::string &Name) {
    skipSpace();
    if (!at('%'))
      return errorFound("expected a value name starting with '%'");
    ++P;
    if (!at('"') && runLength(L.substr(P), isWordChar) == 0)
      return errorFound("expected a value name after '%'");
    return parseName(Name, isWordChar, "a value name");
  }

  bool parseNumber(Value &V) {
    size_t Start = P;
    bool Neg = at('-');
    if (Neg)
      ++P;
    for (StringRef Special : {"inf", "nan"}) {
      if (L.substr(P).starts_with(Special) &&
          (P + 3 >= L.size() || !isWordChar(L[P + 3]))) {
        P += 3;
        double D = Special == "inf" ? HUGE_VAL : std::nan("");
        V = Value::floating(Neg ? -D : D);
        return false;
      }
    }
    auto Digits = [&] {
      size_t N = L.substr(P).take_while(llvm::isDigit).size();
      P += N;
      return N != 0;
    };
    if (!Digits())
      return error(P, "expected digits after '-'");
    bool IsFloat = false;
    if (at('.')) {
      IsFloat = true;
      ++P;
      Digits();
    }
    if (at('e') || at('E')) {
      size_t Mark = P++;
      if (at('+') || at('-'))
        ++P;
      if (Digits())
        IsFloat = true;
      else
        P = Mark;
    }
    if (P < L.size() && isWordChar(L[P])) {
      size_t End = P + runLength(L.substr(P), isWordChar);
      return error(Start,
                   "invalid number '" + L.substr(Start, End - Start) + "'");
    }
    StringRef Text = L.substr(Start, P - Start);
    if (IsFloat) {
      V = Value::floating(std::strtod(Text.str().c_str(), nullptr));
      return false;
    }
    int64_t I;
    if (Text.getAsInteger(10, I))
      return error(Start,
                   "integer literal '" + Text + "' does not fit in 64 bits");
    V = Value::integer(I);
    return false;
  }

  bool parseValue(Value &V, unsigned Depth) {
    skipSpace();
    if (atEOL())
      return error("expected a value, found end of line");
    char C = L[P];
    if (C == '%') {
      std::string Name;
      if (parseRef(Name))
        return true;
      V = Value::ref(std::move(Name));
      return false;
    }
    if (C == '"' || C == '`') {
      std::string S;
      if (parseQuoted(S))
        return true;
      V = C == '"' ? Value::string(std::move(S)) : Value::symbol(std::move(S));
      return false;
    }
    if (C == '[') {
      if (Depth >= MaxDepth)
        return error("lists nested too deeply");
      ++P;
      std::vector<Value> Elems;
      if (parseSeq(']', "list", [&] {
            Elems.emplace_back();
            return parseValue(Elems.back(), Depth + 1);
          }))
        return true;
      V = Value::list(std::move(Elems));
      return false;
    }
    if (C == '-' || llvm::isDigit(C))
      return parseNumber(V);
    bool WordStart = llvm::isAlpha(C) || C == '_' ||
                     (C == ':' && L.substr(P).starts_with("::") &&
                      P + 2 < L.size() && isWordChar(L[P + 2]));
    if (!WordStart)
      return errorFound("expected a value");
    StringRef W = lexRun(isWordChar);
    if (W == "true" || W == "false")
      V = Value::boolean(W == "true");
    else if (W == "inf" || W == "nan")
      V = Value::floating(W == "inf" ? HUGE_VAL : std::nan(""));
    else
      V = Value::ident(W.str());
    return false;
  }

  /// Parses `key=value` or a positional value. In attribute position a bare
  /// identifier without '=' is a key with a None value, and `key=` followed by
  /// the end of the item is a None value everywhere.
  bool parseArg(Arg &A, bool IsAttr, char Close) {
    skipSpace();
    size_t Start = P;
    std::string Key;
    bool HaveKey = false;
    if (at('"')) {
      if (parseQuoted(Key))
        return true;
      HaveKey = true;
    } else if (StringRef W = lexRun(isWordChar); !W.empty()) {
      Key = W.str();
      HaveKey = true;
    }
    if (HaveKey) {
      skipSpace();
      if (at('=') && !L.substr(P).starts_with("==")) {
        ++P;
        A.Key = std::move(Key);
        skipSpace();
        if (at(',') || at(Close) || atEOL()) {
          A.Val = Value::none();
          return false;
        }
        return parseValue(A.Val, 0);
      }
      bool IsIdent = llvm::isAlpha(L[Start]) || L[Start] == '_';
      if (IsAttr && IsIdent && Key != "true" && Key != "false" &&
          Key != "inf" && Key != "nan" && L[Start] != '"') {
        A.Key = std::move(Key);
        A.Val = Value::none();
        return false;
      }
    }
    P = Start;
    A.Key.clear();
    return parseValue(A.Val, 0);
  }

  /// Parses the items of a list opened by '(' or '{' up to \p Close.
  bool parseArgList(std::vector<Arg> &Args, char Close, bool IsAttr,
                    StringRef What) {
    return parseSeq(Close, What, [&] {
      Args.emplace_back();
      return parseArg(Args.back(), IsAttr, Close);
    });
  }

  /// Parses the unparenthesized operands of return, yield, if and loop.
  bool parseOperands(std::vector<Arg> &Args) {
    if (atEOL() || at('{') || at('@') ||
        (at(':') && !L.substr(P).starts_with("::")))
      return false;
    while (true) {
      Arg A;
      if (parseArg(A, /*IsAttr=*/false, ','))
        return true;
      Args.push_back(std::move(A));
      if (!consume(','))
        return false;
    }
  }

  bool parseLoc(SourceLoc &Loc) {
    ++P; // '@'
    if (parseName(Loc.File, isFileChar, "a file name after '@'"))
      return true;
    auto Number = [&](unsigned &N, StringRef What) {
      if (!at(':'))
        return errorFound("expected ':' before the " + What + " in location");
      ++P;
      StringRef D = L.substr(P).take_while(llvm::isDigit);
      if (D.empty())
        return errorFound("expected a " + What + " in location");
      if (D.getAsInteger(10, N))
        return error(What + " '" + D + "' is out of range");
      P += D.size();
      return false;
    };
    size_t LinePos = P + 1;
    if (Number(Loc.Line, "line number") || Number(Loc.Col, "column number"))
      return true;
    if (Loc.Line == 0)
      return error(LinePos, "line numbers in locations start at 1");
    return false;
  }

  /// Parses `{attrs} @loc :` (each optional) up to the end of the line. A null
  /// \p Attrs rejects attributes. \p ColonPos is set to the position of a
  /// trailing ':' or npos.
  bool parseTrailer(std::vector<Arg> *Attrs, SourceLoc &Loc, size_t &ColonPos) {
    ColonPos = StringRef::npos;
    skipSpace();
    if (Attrs && at('{')) {
      ++P;
      if (parseArgList(*Attrs, '}', /*IsAttr=*/true, "attribute list"))
        return true;
      skipSpace();
    }
    if (at('@')) {
      if (parseLoc(Loc))
        return true;
      skipSpace();
    }
    if (at(':')) {
      ColonPos = P;
      ++P;
    }
    return expectEOL();
  }

  /// Checks that an indented block at \p Indent follows a header ending in ':'.
  bool requireBlock(unsigned Indent, unsigned HeaderLine, size_t ColonPos) {
    int Next;
    if (nextIndent(Next))
      return true;
    if (Next < static_cast<int>(Indent))
      return errorAt(HeaderLine, ColonPos,
                     "expected an indented block after ':' (" + Twine(Indent) +
                         " spaces)");
    return false;
  }

  template <typename F> bool parseBlock(unsigned Indent, F Item) {
    while (true) {
      int Next;
      if (nextIndent(Next))
        return true;
      if (Next < static_cast<int>(Indent))
        return false;
      if (Next > static_cast<int>(Indent))
        return errorAt(Lines[Cur].No, Next,
                       "unexpected indentation (expected " + Twine(Indent) +
                           " spaces, found " + Twine(Next) + ")");
      beginLine();
      if (Item())
        return true;
    }
  }

  bool parseGraph(Graph &G) {
    return parseBlock(0, [&] {
      Module M;
      if (parseModule(M))
        return true;
      G.Modules.push_back(std::move(M));
      return false;
    });
  }

  bool parseModule(Module &M) {
    size_t Start = P;
    StringRef W = lexRun(isWordChar);
    if (W != "module") {
      if (!W.empty() && suggest(W, {"module"}))
        return error(Start,
                     "unknown declaration '" + W + "'; did you mean 'module'?");
      P = Start;
      return errorFound("expected 'module'");
    }
    if (!at(' ') && !at('\t'))
      return errorFound("expected a module name after 'module'");
    skipSpace();
    if (atEOL())
      return error("expected a module name after 'module'");
    if (parseName(M.Name, isModuleNameChar, "a module name"))
      return true;
    size_t ColonPos;
    if (parseTrailer(&M.Attrs, M.Loc, ColonPos))
      return true;
    if (ColonPos != StringRef::npos)
      return error(ColonPos, "unexpected ':' after module header");
    return parseBlock(2, [&] { return parseModuleItem(M); });
  }

  bool parseModuleItem(Module &M) {
    size_t Start = P;
    std::string Name;
    if (parseName(Name, isWordChar, "a member or method name"))
      return true;
    skipSpace();
    if (at('=')) {
      ++P;
      Submodule S;
      S.Name = std::move(Name);
      if (parseSubmodule(S, 2, 0))
        return true;
      // A registered tensor parameter is printed among the members.
      (S.attr("parameter") ? M.Parameters : M.Members).push_back(std::move(S));
      return false;
    }
    if (at('(')) {
      Method Me;
      if (parseMethod(Me, std::move(Name)))
        return true;
      M.Methods.push_back(std::move(Me));
      return false;
    }
    if (Name == "module" && L[Start] != '"')
      return error(Start, "'module' must start at column 1");
    return errorFound("expected '=' to declare a member or '(' to declare a "
                      "method after '" +
                      Twine(Name) + "'");
  }

  /// Parses a member or element after its `NAME =`, and its elements.
  bool parseSubmodule(Submodule &S, unsigned Indent, unsigned Depth) {
    if (parseName(S.Type, isTypeChar, "a module type after '='"))
      return true;
    skipSpace();
    if (at('(')) {
      ++P;
      S.HasOptions = true;
      if (parseArgList(S.Options, ')', /*IsAttr=*/false, "option list"))
        return true;
    }
    size_t ColonPos;
    if (parseTrailer(&S.Attrs, S.Loc, ColonPos))
      return true;
    if (ColonPos == StringRef::npos)
      return false;
    if (Depth >= MaxDepth)
      return error(ColonPos, "elements nested too deeply");
    unsigned Inner = Indent + 2;
    if (requireBlock(Inner, LineNo, ColonPos))
      return true;
    return parseBlock(Inner, [&] {
      Submodule E;
      if (parseName(E.Name, isWordChar, "an element name"))
        return true;
      if (!consume('='))
        return errorFound("expected '=' after element name");
      if (parseSubmodule(E, Inner, Depth + 1))
        return true;
      S.Elements.push_back(std::move(E));
      return false;
    });
  }

  bool parseMethod(Method &M, std::string Name) {
    M.Name = std::move(Name);
    ++P; // '('
    if (parseSeq(')', "parameter list", [&] {
          M.Params.emplace_back();
          return parseRef(M.Params.back());
        }))
      return true;
    size_t ColonPos;
    if (parseTrailer(nullptr, M.Loc, ColonPos))
      return true;
    if (ColonPos == StringRef::npos)
      return error("expected ':' at end of method header");
    if (requireBlock(4, LineNo, ColonPos))
      return true;
    return parseRegion(M.Body, 4, 0);
  }

  bool parseRegion(std::vector<Op> &Ops, unsigned Indent, unsigned Depth) {
    return parseBlock(Indent,
                      [&] { return parseStatement(Ops, Indent, Depth); });
  }

  bool nextLineIsElse(unsigned Indent) const {
    if (Cur >= Lines.size() || Lines[Cur].Indent != Indent)
      return false;
    StringRef T = Lines[Cur].Text.substr(Indent);
    return T.starts_with("else") && (T.size() == 4 || !isWordChar(T[4])) &&
           !T.substr(4).starts_with("(");
  }

  bool parseStatement(std::vector<Op> &Ops, unsigned Indent, unsigned Depth) {
    Op O;
    if (at('%')) {
      do {
        O.Results.emplace_back();
        if (parseRef(O.Results.back()))
          return true;
      } while (consume(','));
      if (!consume('='))
        return errorFound("expected '=' after results");
      skipSpace();
    }
    bool HasResults = !O.Results.empty();
    size_t HeadPos = P;
    StringRef W;
    if (at('"')) {
      if (parseQuoted(O.Name))
        return true;
    } else {
      W = lexRun(isWordChar);
      if (W.empty())
        return errorFound(HasResults ? "expected an op after '='"
                                     : "expected a statement");
      O.Name = W.str();
    }
    bool Keyword = !W.empty() && !at('(');
    if (Keyword &&
        (W == "return" || W == "yield" || W == "if" || W == "loop")) {
      O.Name.clear();
      O.K = W == "return"  ? Op::Kind::Return
            : W == "yield" ? Op::Kind::Yield
            : W == "if"    ? Op::Kind::If
                           : Op::Kind::Loop;
      if (parseOperands(O.Args))
        return true;
    } else if (Keyword && W == "pass") {
      if (HasResults)
        return error(HeadPos, "'pass' cannot define results");
      return expectEOL();
    } else if (Keyword && W == "else") {
      return error(HeadPos, "'else' without a matching 'if'");
    } else {
      if (Keyword && W == "inline") {
        O.K = Op::Kind::Inline;
        skipSpace();
        if (!at('"') && runLength(L.substr(P), isWordChar) == 0)
          return errorFound("expected a callee name after 'inline'");
        if (parseName(O.Name, isWordChar, "a callee name"))
          return true;
      }
      skipSpace();
      if (!at('(')) {
        if (O.K == Op::Kind::Call && !HasResults && !W.empty() && at('='))
          return error(HeadPos,
                       "result names start with '%': write '%" + W + " = ...'");
        if (O.K == Op::Kind::Call && !HasResults && !W.empty()) {
          if (auto K = suggest(W, StmtKeywords))
            return error(HeadPos, "unknown statement '" + W +
                                      "'; did you mean '" + *K + "'?");
          if (!atEOL())
            return error(HeadPos, "unknown statement '" + W +
                                      "'; expected an op call, 'return', "
                                      "'yield', 'if', 'loop' or 'pass'");
        }
        return errorFound("expected '(' after op name '" + Twine(O.Name) + "'");
      }
      ++P;
      if (parseArgList(O.Args, ')', /*IsAttr=*/false, "argument list"))
        return true;
    }

    size_t ColonPos;
    if (parseTrailer(&O.Attrs, O.Loc, ColonPos))
      return true;
    unsigned HeaderLine = LineNo;
    bool HasRegion =
        O.K == Op::Kind::If || O.K == Op::Kind::Loop || O.K == Op::Kind::Inline;
    StringRef What = O.K == Op::Kind::If     ? "if"
                     : O.K == Op::Kind::Loop ? "loop"
                                             : "inline";
    if (!HasRegion) {
      if (ColonPos != StringRef::npos)
        return error(ColonPos, "unexpected ':'; only 'if', 'loop' and "
                               "'inline' open a block");
      Ops.push_back(std::move(O));
      return false;
    }
    if (ColonPos == StringRef::npos)
      return error("expected ':' at end of '" + What + "' header");
    if (Depth >= MaxDepth)
      return error(ColonPos, "blocks nested too deeply");
    O.Regions.resize(O.K == Op::Kind::If ? 2 : 1);
    if (requireBlock(Indent + 2, HeaderLine, ColonPos) ||
        parseRegion(O.Regions[0], Indent + 2, Depth + 1))
      return true;
    if (O.K == Op::Kind::If && nextLineIsElse(Indent)) {
      int Next;
      if (nextIndent(Next))
        return true;
      beginLine();
      P += 4; // "else"
      if (!consume(':'))
        return errorFound("expected ':' after 'else'");
      size_t ElseColon = P - 1;
      if (expectEOL() || requireBlock(Indent + 2, LineNo, ElseColon) ||
          parseRegion(O.Regions[1], Indent + 2, Depth + 1))
        return true;
    }
    Ops.push_back(std::move(O));
    return false;
  }
};

} // namespace

llvm::Expected<Graph> adopter::dsl::parseGraph(StringRef Text,
                                               StringRef BufferName) {
  return Parser(Text, BufferName).run();
}
