//===- UnifiedDiff.cpp - A unified diff of two texts ----------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Rewrite/UnifiedDiff.h"
#include <algorithm>
#include <vector>

namespace adopter::rewrite {

namespace {

std::vector<llvm::StringRef> lines(llvm::StringRef T) {
  std::vector<llvm::StringRef> L;
  while (!T.empty()) {
    size_t N = T.find('\n');
    if (N == llvm::StringRef::npos) {
      L.push_back(T);
      break;
    }
    L.push_back(T.substr(0, N + 1));
    T = T.substr(N + 1);
  }
  return L;
}

/// One line of the edit script: ' ' kept, '-' removed, '+' added.
struct Line {
  char Op;
  size_t OldIdx, NewIdx;
};

/// Myers' O((N + M) D) shortest edit script.
std::vector<Line> script(const std::vector<llvm::StringRef> &A,
                         const std::vector<llvm::StringRef> &B) {
  const long N = A.size(), M = B.size(), Max = N + M;
  std::vector<long> V(2 * Max + 2, 0);
  std::vector<std::vector<long>> Trace;
  long D = 0;
  for (; D <= Max; ++D) {
    Trace.push_back(V);
    bool Done = false;
    for (long K = -D; K <= D; K += 2) {
      long X = (K == -D || (K != D && V[Max + K - 1] < V[Max + K + 1]))
                   ? V[Max + K + 1]
                   : V[Max + K - 1] + 1;
      long Y = X - K;
      while (X < N && Y < M && A[X] == B[Y])
        ++X, ++Y;
      V[Max + K] = X;
      if (X >= N && Y >= M) {
        Done = true;
        break;
      }
    }
    if (Done)
      break;
  }
  // Walk back through the trace.
  std::vector<Line> Out;
  long X = N, Y = M;
  for (long Dd = D; Dd >= 0; --Dd) {
    const std::vector<long> &Vd = Trace[Dd];
    long K = X - Y;
    long PrevK = (K == -Dd || (K != Dd && Vd[Max + K - 1] < Vd[Max + K + 1]))
                     ? K + 1
                     : K - 1;
    long PrevX = Dd == 0 ? 0 : Vd[Max + PrevK];
    long PrevY = PrevX - PrevK;
    while (X > PrevX && Y > PrevY) {
      --X, --Y;
      Out.push_back({' ', size_t(X), size_t(Y)});
    }
    if (Dd == 0)
      break;
    if (X == PrevX)
      Out.push_back({'+', size_t(X), size_t(--Y)});
    else
      Out.push_back({'-', size_t(--X), size_t(Y)});
    X = PrevX, Y = PrevY;
  }
  std::reverse(Out.begin(), Out.end());
  return Out;
}

} // namespace

std::string UnifiedDiff::diff(llvm::StringRef Name, llvm::StringRef Old,
                              llvm::StringRef New, unsigned Context) {
  if (Old == New)
    return "";
  auto A = lines(Old), B = lines(New);
  std::vector<Line> S = script(A, B);
  std::string Out = "--- " + Name.str() + "\n+++ " + Name.str() + "\n";
  size_t I = 0;
  while (I < S.size()) {
    if (S[I].Op == ' ') {
      ++I;
      continue;
    }
    // A hunk: from Context kept lines before the change to Context after
    // the last change that is not separated by more than 2 * Context.
    size_t Begin = I >= Context ? I - Context : 0;
    size_t End = I;
    while (End < S.size()) {
      if (S[End].Op != ' ') {
        ++End;
        continue;
      }
      size_t Run = End;
      while (Run < S.size() && S[Run].Op == ' ')
        ++Run;
      if (Run == S.size() || Run - End > 2 * Context) {
        End = std::min(S.size(), End + Context);
        break;
      }
      End = Run;
    }
    size_t OldStart = S[Begin].OldIdx, NewStart = S[Begin].NewIdx;
    size_t OldLen = 0, NewLen = 0;
    std::string Body;
    for (size_t J = Begin; J < End; ++J) {
      llvm::StringRef T = S[J].Op == '+' ? B[S[J].NewIdx] : A[S[J].OldIdx];
      OldLen += S[J].Op != '+';
      NewLen += S[J].Op != '-';
      Body += S[J].Op;
      Body += T.str();
      if (!T.ends_with("\n"))
        Body += "\n\\ No newline at end of file\n";
    }
    Out += "@@ -" + std::to_string(OldLen ? OldStart + 1 : OldStart) + "," +
           std::to_string(OldLen) + " +" +
           std::to_string(NewLen ? NewStart + 1 : NewStart) + "," +
           std::to_string(NewLen) + " @@\n" + Body;
    I = End;
  }
  return Out;
}

} // namespace adopter::rewrite
