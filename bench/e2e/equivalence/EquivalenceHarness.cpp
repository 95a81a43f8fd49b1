//===- EquivalenceHarness.cpp - Checkpoint, outputs and gradients ---------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
//   <program> save DIR    the original: writes DIR/checkpoint.pt (the state
//                         dict, as torch::save writes a module), DIR/keys.txt
//                         and what each pass computes
//   <program> check DIR [TOL]
//                         the rewritten model: loads DIR/checkpoint.pt,
//                         runs the same passes and prints, per pass, the
//                         largest difference from the original's numbers,
//                         and each tensor that differs by more than TOL
//                         (default 1e-4)
//
// Each pass: the model in train (then eval) mode, gradients cleared,
// torch::manual_seed(11), the model file's forward (inputs, dropout masks),
// then in train mode torch::manual_seed(12) and a backward of a random
// gradient. Compared: the output, every parameter's gradient (train) and
// every buffer (BatchNorm's running statistics). A difference is
// max|a - b| / max(1, max|a|) over the tensor (for a gradient, max|a| over
// every gradient of the same module), the worst over the pass.
// check prints:
//
//   checkpoint: loaded (N parameters, M buffers)
//   train: output 1.2e-07, gradients 3.4e-07 (fc.weight), buffers 0.0e+00
//   eval: output 1.1e-07, buffers 0.0e+00
//   differs: train gradient conv1.weight 1.0e+00   (one per tensor over TOL)
//
// and exits 3 when the checkpoint does not load (a key missing or its
// shape different: the error LibTorch gives a user) or the keys differ.
//
//===----------------------------------------------------------------------===//

#include "EquivalenceHarness.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

struct Named {
  std::vector<std::string> Names;
  std::vector<torch::Tensor> Values;
};

Named parameters(torch::nn::Module &M, bool Grads) {
  Named N;
  for (const auto &P : M.named_parameters()) {
    N.Names.push_back(P.key());
    torch::Tensor G = P.value().grad();
    N.Values.push_back(Grads ? (G.defined() ? G.detach().clone()
                                            : torch::zeros_like(P.value()))
                             : P.value().detach().clone());
  }
  return N;
}

Named buffers(torch::nn::Module &M) {
  Named N;
  for (const auto &B : M.named_buffers()) {
    N.Names.push_back(B.key());
    N.Values.push_back(B.value().detach().clone().to(torch::kDouble));
  }
  return N;
}

double difference(const torch::Tensor &A, const torch::Tensor &B,
                  double Scale) {
  if (A.sizes() != B.sizes())
    return 1e30;
  if (A.numel() == 0)
    return 0;
  torch::Tensor X = A.to(torch::kDouble), Y = B.to(torch::kDouble);
  Scale = std::max({1.0, Scale, X.abs().max().item<double>()});
  return (X - Y).abs().max().item<double>() / Scale;
}

/// The module that owns tensor \p Name (`feat.fc1` of `feat.fc1.bias`).
std::string owner(const std::string &Name) {
  size_t Dot = Name.rfind('.');
  return Dot == std::string::npos ? "" : Name.substr(0, Dot);
}

/// The worst difference between the saved and the new tensors of a group,
/// and the name of the tensor where it is. Each tensor that differs by
/// more than \p Tol is printed: `differs: PASS GROUP NAME D`.
std::pair<double, std::string> worst(const Named &Saved, const Named &Now,
                                     const std::string &Pass, const char *Group,
                                     double Tol) {
  // A gradient is measured against the largest gradient of its module: a
  // Linear's bias feeding a train-mode BatchNorm has the gradient 0, which
  // float32 computes as rounding noise (1e-4 beside a weight gradient of
  // 2e2 in pointnet), different in any other order of summation.
  std::map<std::string, double> OwnerScale;
  if (std::string(Group) == "gradient")
    for (size_t I = 0; I < Saved.Names.size(); ++I) {
      double &M = OwnerScale[owner(Saved.Names[I])];
      if (Saved.Values[I].numel())
        M = std::max(M, Saved.Values[I].abs().max().item<double>());
    }
  std::pair<double, std::string> W{0.0, "-"};
  for (size_t I = 0; I < Saved.Names.size(); ++I) {
    auto It = std::find(Now.Names.begin(), Now.Names.end(), Saved.Names[I]);
    auto S = OwnerScale.find(owner(Saved.Names[I]));
    double D =
        It == Now.Names.end()
            ? 1e30
            : difference(Saved.Values[I], Now.Values[It - Now.Names.begin()],
                         S == OwnerScale.end() ? 0.0 : S->second);
    if (D > Tol)
      std::printf("differs: %s %s %s %.1e\n", Pass.c_str(), Group,
                  Saved.Names[I].c_str(), D);
    if (D > W.first || W.second == "-")
      W = {D, Saved.Names[I]};
  }
  return W;
}

void writeNames(const std::string &Path, const std::vector<std::string> &N) {
  std::ofstream OS(Path);
  for (const std::string &S : N)
    OS << S << "\n";
}

std::vector<std::string> readNames(const std::string &Path) {
  std::vector<std::string> N;
  std::ifstream IS(Path);
  for (std::string S; std::getline(IS, S);)
    N.push_back(S);
  return N;
}

} // namespace

int main(int Argc, char **Argv) {
  if (Argc < 3 || Argc > 4 ||
      (std::string(Argv[1]) != "save" && std::string(Argv[1]) != "check")) {
    std::fprintf(stderr, "usage: %s save|check DIR [TOLERANCE]\n", Argv[0]);
    return 2;
  }
  const double Tol = Argc == 4 ? std::atof(Argv[3]) : 1e-4;
  const bool Save = std::string(Argv[1]) == "save";
  const std::string Dir = Argv[2];
  torch::manual_seed(1);
  adopter_equiv::Model M = adopter_equiv::make();
  torch::nn::Module &Mod = *M.Module;

  std::vector<std::string> Keys;
  for (const auto &P : Mod.named_parameters())
    Keys.push_back(P.key());
  for (const auto &B : Mod.named_buffers())
    Keys.push_back(B.key());
  if (Save) {
    torch::serialize::OutputArchive A;
    Mod.save(A);
    A.save_to(Dir + "/checkpoint.pt");
    writeNames(Dir + "/keys.txt", Keys);
  } else {
    try {
      torch::serialize::InputArchive A;
      A.load_from(Dir + "/checkpoint.pt");
      Mod.load(A);
    } catch (const c10::Error &E) {
      std::string What = E.what_without_backtrace();
      std::printf("checkpoint: not loaded: %s\n",
                  What.substr(0, What.find('\n')).c_str());
      return 3;
    }
    std::vector<std::string> Saved = readNames(Dir + "/keys.txt");
    std::set<std::string> A(Saved.begin(), Saved.end()),
        B(Keys.begin(), Keys.end());
    if (A != B) {
      std::string Diff;
      for (const std::string &K : A)
        if (!B.count(K))
          Diff += " missing " + K;
      for (const std::string &K : B)
        if (!A.count(K))
          Diff += " extra " + K;
      std::printf("checkpoint: keys differ:%s\n", Diff.c_str());
      return 3;
    }
    std::printf("checkpoint: loaded (%zu parameters, %zu buffers)\n",
                Mod.named_parameters().size(), Mod.named_buffers().size());
  }

  for (bool Train : {true, false}) {
    const std::string Pass = Train ? "train" : "eval";
    Mod.train(Train);
    Mod.zero_grad();
    torch::manual_seed(11);
    torch::Tensor Out = M.Forward();
    if (Train) {
      torch::manual_seed(12);
      Out.backward(torch::randn_like(Out));
    }
    Named Outs{{"output"}, {Out.detach().clone()}};
    Named Grads = Train ? parameters(Mod, /*Grads=*/true) : Named{};
    Named Bufs = buffers(Mod);
    const std::string Base = Dir + "/" + Pass;
    if (Save) {
      torch::save(Outs.Values, Base + ".output.pt");
      torch::save(Grads.Values, Base + ".grads.pt");
      writeNames(Base + ".grads.txt", Grads.Names);
      torch::save(Bufs.Values, Base + ".buffers.pt");
      writeNames(Base + ".buffers.txt", Bufs.Names);
      continue;
    }
    Named SOut{{"output"}, {}}, SGrads, SBufs;
    torch::load(SOut.Values, Base + ".output.pt");
    torch::load(SGrads.Values, Base + ".grads.pt");
    SGrads.Names = readNames(Base + ".grads.txt");
    torch::load(SBufs.Values, Base + ".buffers.pt");
    SBufs.Names = readNames(Base + ".buffers.txt");
    auto O = worst(SOut, Outs, Pass, "output", Tol),
         B = worst(SBufs, Bufs, Pass, "buffer", Tol);
    if (Train) {
      auto G = worst(SGrads, Grads, Pass, "gradient", Tol);
      std::printf("%s: output %.1e, gradients %.1e (%s), buffers %.1e\n",
                  Pass.c_str(), O.first, G.first, G.second.c_str(), B.first);
    } else {
      std::printf("%s: output %.1e, buffers %.1e\n", Pass.c_str(), O.first,
                  B.first);
    }
  }
  return 0;
}
