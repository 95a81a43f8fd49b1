//===- ApplyEquivalenceTest.cpp - Rewritten models compute the same -------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// test/apply checks that `adopter apply` turns Inputs/X.cpp into exactly
// Inputs/X.expected.cpp. Here both are compiled side by side (in namespaces
// `before` and `after`), linked with adopter_kernels, and held to what a
// user needs of the rewrite: the original's saved state dict loads into the
// rewritten model (torch::save / torch::load, same named_parameters keys),
// and in train and eval mode the rewritten model computes the same outputs
// and the same gradients (input and every parameter) on the same input.
//
//===----------------------------------------------------------------------===//

#define CATCH_CONFIG_MAIN
#include "Equivalence.h"

#include <adopter/kernels/Attention.h>
#include <adopter/kernels/ConvBN.h>
#include <adopter/kernels/ConvBNElement.h>
#include <adopter/kernels/CrossEntropy.h>
#include <adopter/kernels/FusedAdam.h>
#include <adopter/kernels/FusedAddLayerNorm.h>
#include <adopter/kernels/FusedLinearGELU.h>
#include <adopter/kernels/FusedLinearReLU.h>
#include <adopter/kernels/FusedLinearSiLU.h>
#include <adopter/kernels/Gelu.h>
#include <adopter/kernels/LinearAct.h>
#include <adopter/kernels/LinearBN.h>
#include <adopter/kernels/MaskedSoftmax.h>
#include <adopter/kernels/Norms.h>
#include <adopter/kernels/SwiGLU.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

namespace before {
#include "linear-act.cpp"
} // namespace before
namespace after {
#include "linear-act.expected.cpp"
} // namespace after
namespace before_seq {
#include "sequential.cpp"
} // namespace before_seq
namespace after_seq {
#include "sequential.expected.cpp"
} // namespace after_seq
namespace before_hc {
#include "helper-construction.cpp"
} // namespace before_hc
namespace after_hc {
#include "helper-construction.expected.cpp"
} // namespace after_hc
namespace before_fn {
#include "function.cpp"
} // namespace before_fn
namespace after_fn {
#include "function.expected.cpp"
} // namespace after_fn

namespace before_aln {
#include "add-layernorm.cpp"
} // namespace before_aln
namespace after_aln {
#include "add-layernorm.expected.cpp"
} // namespace after_aln
namespace before_cbn {
#include "conv-bn.cpp"
} // namespace before_cbn
namespace after_cbn {
#include "conv-bn.expected.cpp"
} // namespace after_cbn
namespace before_swi {
#include "swiglu.cpp"
} // namespace before_swi
namespace after_swi {
#include "swiglu.expected.cpp"
} // namespace after_swi
namespace before_fb {
#include "fallback.cpp"
} // namespace before_fb
namespace after_fb {
#include "fallback.expected.cpp"
} // namespace after_fb
namespace before_mt {
#include "macro-text.cpp"
} // namespace before_mt
namespace after_mt {
#include "macro-text.expected.cpp"
} // namespace after_mt
namespace before_opt {
#include "optimizer.cpp"
} // namespace before_opt
namespace after_opt {
#include "optimizer.expected.cpp"
} // namespace after_opt
namespace before_ce {
#include "log-softmax-nll.cpp"
} // namespace before_ce
namespace after_ce {
#include "log-softmax-nll.expected.cpp"
} // namespace after_ce
namespace before_rms {
#include "rmsnorm-manual.cpp"
} // namespace before_rms
namespace after_rms {
#include "rmsnorm-manual.expected.cpp"
} // namespace after_rms
namespace before_ln {
#include "layernorm-manual.cpp"
} // namespace before_ln
namespace after_ln {
#include "layernorm-manual.expected.cpp"
} // namespace after_ln
namespace before_ms {
#include "masked-softmax.cpp"
} // namespace before_ms
namespace after_ms {
#include "masked-softmax.expected.cpp"
} // namespace after_ms
namespace before_att {
#include "attention.cpp"
} // namespace before_att
namespace after_att {
#include "attention.expected.cpp"
} // namespace after_att

TEST_CASE("linear-act rewrite: same checkpoint, outputs and gradients",
          "[apply]") {
  torch::manual_seed(0);
  checkEquivalent("Mlp", before::Mlp(), after::Mlp(), torch::randn({5, 16}));
  checkEquivalent("Mlp, 3-d input", before::Mlp(), after::Mlp(),
                  torch::randn({2, 3, 16}));
  checkEquivalent("Gate", before::Gate(12), after::Gate(12),
                  torch::randn({7, 12}));
  checkEquivalent("Head", before::Head(), after::Head(), torch::randn({6, 16}));
  checkEquivalent("TwoStep", before::TwoStep(), after::TwoStep(),
                  torch::randn({3, 16}));
  checkEquivalent("Tanh", before::Tanh(), after::Tanh(), torch::randn({4, 8}));
  checkEquivalent("TanhPos", before::TanhPos(), after::TanhPos(),
                  torch::randn({4, 8}));
  checkEquivalent("InPlace", before::InPlace(), after::InPlace(),
                  torch::randn({4, 8}));
  checkEquivalent("GeluModule (approximate=tanh carried)", before::GeluModule(),
                  after::GeluModule(), torch::randn({4, 16}) * 3);
  checkEquivalent("ByValue (F::relu over two statements)", before::ByValue(),
                  after::ByValue(), torch::randn({4, 16}));
}

TEST_CASE("sequential rewrite: same checkpoint, outputs and gradients",
          "[apply]") {
  torch::manual_seed(0);
  checkEquivalent("Stack", before_seq::Stack(), after_seq::Stack(),
                  torch::randn({5, 4}));
  // Built in a loop, under a condition: rewritten, every element the source
  // line builds.
  after_seq::Loop Loop;
  for (size_t I = 0; I < 6; I += 2)
    CHECK(Loop->body->ptr(I)->as<adopter::nn::FusedLinearReLUImpl>() !=
          nullptr);
  checkEquivalent("Loop", before_seq::Loop(), after_seq::Loop(),
                  torch::randn({5, 4}));
  for (bool Wide : {true, false})
    checkEquivalent(Wide ? "Branch (wide)" : "Branch (narrow)",
                    before_seq::Branch(Wide), after_seq::Branch(Wide),
                    torch::randn({5, 4}));
  // Left as they were.
  checkEquivalent("Skip", before_seq::Skip(0), after_seq::Skip(0),
                  torch::randn({5, 4}));
  checkEquivalent("Sometimes", before_seq::Sometimes(true),
                  after_seq::Sometimes(true), torch::randn({5, 4}));
  checkEquivalent("Inner", before_seq::Inner(2), after_seq::Inner(2),
                  torch::randn({5, 4}));
}

TEST_CASE("a member built by a project helper, the helper's construction "
          "inlined: same checkpoint, outputs and gradients",
          "[apply]") {
  torch::manual_seed(0);
  after_hc::t5::Dense Fused(6, 4);
  CHECK(Fused->wi->options.bias() == false);
  CHECK(Fused->gate->options.bias() == true);
  checkEquivalent("Dense", before_hc::t5::Dense(6, 4),
                  after_hc::t5::Dense(6, 4), torch::randn({5, 6}));
}

TEST_CASE("function rewrite (gelu-manual): same outputs and gradients",
          "[apply]") {
  torch::manual_seed(0);
  checkEquivalent("ErfGelu", before_fn::ErfGelu(), after_fn::ErfGelu(),
                  torch::randn({5, 8}));
  checkEquivalent("TanhGelu", before_fn::TanhGelu(), after_fn::TanhGelu(),
                  torch::randn({3, 4, 8}) * 3);
  checkEquivalent("CubeGelu", before_fn::CubeGelu(), after_fn::CubeGelu(),
                  torch::randn({6, 8}));
  checkEquivalent("SplitGelu (two statements)", before_fn::SplitGelu(),
                  after_fn::SplitGelu(), torch::randn({6, 8}));
  // Both forms of one module: the tanh form's constant from a const
  // variable initialised at run time, the erf form's divisor M_SQRT1_2.
  for (bool Approximate : {true, false}) {
    before_fn::ConstGelu A;
    after_fn::ConstGelu B;
    A->approximate = B->approximate = Approximate;
    checkEquivalent(Approximate ? "ConstGelu (tanh)" : "ConstGelu (erf)", A, B,
                    torch::randn({6, 8}) * 3);
  }
}

TEST_CASE("conv-bn and linear-bn rewrites (function over the members): "
          "same checkpoint, outputs, gradients and running statistics",
          "[apply]") {
  torch::manual_seed(0);
  checkEquivalent("Stem (relu, silu, leaky_relu, relu6, none)",
                  before_cbn::Stem(), after_cbn::Stem(),
                  torch::randn({2, 3, 9, 9}));
  checkEquivalent("Block (one op per statement)", before_cbn::Block(),
                  after_cbn::Block(), torch::randn({3, 4, 10}));
  checkEquivalent("Head (linear-bn)", before_cbn::Head(), after_cbn::Head(),
                  torch::randn({8, 16}));
  checkEquivalent("Refused (its Sequential fused, the rest as it was)",
                  before_cbn::Refused(), after_cbn::Refused(),
                  torch::randn({2, 3, 7, 7}));
  checkEquivalent("ActModules (ReLU and LeakyReLU(0.2) modules fused)",
                  before_cbn::ActModules(), after_cbn::ActModules(),
                  torch::randn({2, 3, 8, 8}));
  checkEquivalent("Slopes (leaky_relu's options object and number)",
                  before_cbn::Slopes(), after_cbn::Slopes(),
                  torch::randn({2, 3, 8, 8}));
  checkEquivalent("Kept (left as it was)", before_cbn::Kept(),
                  after_cbn::Kept(), torch::randn({2, 3, 5, 5}));
  checkEquivalent("Between (a declaration kept between the statements)",
                  before_cbn::Between(), after_cbn::Between(),
                  torch::randn({2, 3, 5, 5}));
}

TEST_CASE("add-layernorm rewrite (two-output module): same checkpoint, "
          "outputs and gradients",
          "[apply]") {
  torch::manual_seed(0);
  checkEquivalent("PostNorm", before_aln::PostNorm(), after_aln::PostNorm(),
                  torch::randn({5, 16}));
  checkEquivalent("PostNorm, 3-d input", before_aln::PostNorm(),
                  after_aln::PostNorm(), torch::randn({2, 3, 16}));
  checkEquivalent("EmbedNorm", before_aln::EmbedNorm(), after_aln::EmbedNorm(),
                  torch::randn({4, 8}));
  checkEquivalent("SplitNorm (two statements)", before_aln::SplitNorm(),
                  after_aln::SplitNorm(), torch::randn({3, 16}));
  // The sum read again after the norm: both written where the sum is.
  checkEquivalent("PreNorm (pair)", before_aln::PreNorm(), after_aln::PreNorm(),
                  torch::randn({3, 16}));
  checkEquivalent("GptBlock (pair)", before_aln::GptBlock(),
                  after_aln::GptBlock(), torch::randn({2, 3, 16}));
  checkEquivalent("DeclaredSum (pair)", before_aln::DeclaredSum(),
                  after_aln::DeclaredSum(), torch::randn({3, 16}));
  checkEquivalentCalls("InitForms::direct (pair, direct initialisation)",
                       before_aln::InitForms(), after_aln::InitForms(),
                       {torch::randn({3, 16})},
                       [](auto &M, const std::vector<torch::Tensor> &X) {
                         return M->direct(X[0]);
                       });
  checkEquivalentCalls("InitForms (pair, a sum assigned in parentheses)",
                       before_aln::InitForms(), after_aln::InitForms(),
                       {torch::randn({3, 16})},
                       [](auto &M, const std::vector<torch::Tensor> &X) {
                         return M->forward(X[0]);
                       });
  {
    // Token ids in, so the parameters' gradients are compared.
    INFO("EmbedSum (the norm written where the sum was)");
    before_aln::EmbedSum A;
    after_aln::EmbedSum B;
    adopter_test::copyState(A, B);
    auto Ids = torch::randint(10, {2, 5}), Types = torch::randint(2, {2, 5});
    for (bool Train : {true, false}) {
      adopter_test::startPass(A, B, Train);
      auto YA = A->forward(Ids, Types), YB = B->forward(Ids, Types);
      CHECK(torch::allclose(YA, YB, 1e-5, 1e-5));
      auto G = torch::randn_like(YA);
      YA.backward(G);
      YB.backward(G);
      auto PB = B->named_parameters();
      for (const auto &P : A->named_parameters()) {
        INFO(P.key());
        REQUIRE(PB.find(P.key()));
        CHECK(
            torch::allclose(P.value().grad(), PB[P.key()].grad(), 1e-5, 1e-4));
      }
    }
  }
  checkEquivalentCalls("Functional (otherwise: add_layer_norm, the options)",
                       before_aln::Functional(), after_aln::Functional(),
                       {torch::randn({3, 16}), torch::randn({3, 16})},
                       [](auto &M, const std::vector<torch::Tensor> &X) {
                         return M->forward(X[0], X[1]);
                       });
  checkEquivalent("FunctionalPair (F::layer_norm over two dimensions, the "
                  "sum kept; torch::layer_norm)",
                  before_aln::FunctionalPair(), after_aln::FunctionalPair(),
                  torch::randn({3, 16}));
  checkEquivalent("HelperOptions (the options from a helper)",
                  before_aln::HelperOptions(), after_aln::HelperOptions(),
                  torch::randn({3, 16}));
  // The LayerNorm also called on a plain tensor stays; the function takes
  // it (its parameters' gradients compared too).
  checkEquivalentCalls("SharedNorm (otherwise: add_layer_norm, *ln)",
                       before_aln::SharedNorm(), after_aln::SharedNorm(),
                       {torch::randn({3, 16}), torch::randn({3, 16})},
                       [](auto &M, const std::vector<torch::Tensor> &X) {
                         return M->forward(X[0], X[1]);
                       });
  for (bool Parallel : {false, true})
    checkEquivalent(Parallel ? "ParallelResidual (the plain path)"
                             : "ParallelResidual (pair, *ln)",
                    before_aln::ParallelResidual(Parallel),
                    after_aln::ParallelResidual(Parallel),
                    torch::randn({2, 3, 16}));
  checkEquivalentCalls("Apart (pair, a declaration between)",
                       before_aln::Apart(), after_aln::Apart(),
                       {torch::randn({3, 16}), torch::randn({3, 16})},
                       [](auto &M, const std::vector<torch::Tensor> &X) {
                         return M->forward(X[0], X[1]);
                       });
}

TEST_CASE("fallback rewrite (add-layernorm in place of "
          "dropout-add-layernorm): the in-place dropout draws the same mask",
          "[apply]") {
  torch::manual_seed(3);
  checkEquivalentCalls("Residual", before_fb::Residual(), after_fb::Residual(),
                       {torch::randn({4, 8}), torch::randn({4, 8})},
                       [](auto &M, const std::vector<torch::Tensor> &X) {
                         return M->forward(X[0], X[1]);
                       });
}

TEST_CASE("macro-written options (macro-text): same checkpoint and outputs",
          "[apply]") {
  before_mt::Block A;
  after_mt::Block B;
  copyState(A, B);
  torch::manual_seed(4);
  const torch::Tensor X = torch::randn({3, 64}), Y = torch::randn({3, 64}),
                      I = torch::randn({2, 3, 6, 6});
  for (bool Train : {true, false}) {
    INFO((Train ? "train" : "eval"));
    startPass(A, B, Train);
    auto OA = A->forward(X, Y, I), OB = B->forward(X, Y, I);
    CHECK(torch::allclose(OA, OB, 1e-4, 1e-4));
    OA.backward();
    OB.backward();
    auto PB = B->named_parameters();
    for (const auto &P : A->named_parameters()) {
      INFO(P.key());
      const torch::Tensor *Q = PB.find(P.key());
      REQUIRE(Q);
      CHECK(torch::allclose(P.value().grad(), Q->grad(), 1e-4, 1e-3));
    }
  }
}

/// Trains Old and New from the same state with SGD for \p Steps steps on
/// the same inputs (train mode: batch statistics, running statistics
/// updated) and compares every parameter and buffer after.
template <typename Old, typename New>
void checkSgdTraining(const std::string &What, Old A, New B,
                      const torch::Tensor &X, int Steps) {
  INFO(What);
  torch::manual_seed(5);
  std::stringstream S;
  torch::save(A, S);
  torch::load(B, S);
  torch::optim::SGD OA(A->parameters(), torch::optim::SGDOptions(0.05));
  torch::optim::SGD OB(B->parameters(), torch::optim::SGDOptions(0.05));
  A->train();
  B->train();
  for (int I = 0; I < Steps; ++I) {
    auto In = X + 0.1 * I;
    OA.zero_grad();
    OB.zero_grad();
    A->forward(In).square().mean().backward();
    B->forward(In).square().mean().backward();
    OA.step();
    OB.step();
  }
  auto PB = B->named_parameters();
  for (const auto &P : A->named_parameters()) {
    INFO(P.key());
    const torch::Tensor *Q = PB.find(P.key());
    REQUIRE(Q);
    CHECK(torch::allclose(P.value(), *Q, 1e-4, 1e-5));
  }
  auto BB = B->named_buffers();
  for (const auto &Buf : A->named_buffers()) {
    INFO(Buf.key());
    const torch::Tensor *Q = BB.find(Buf.key());
    REQUIRE(Q);
    CHECK(torch::allclose(Buf.value().to(torch::kDouble), Q->to(torch::kDouble),
                          1e-4, 1e-5));
  }
}

TEST_CASE("conv-bn and linear-bn rewrites: the same SGD training trajectory "
          "(parameters and running statistics after 10 steps)",
          "[apply]") {
  torch::manual_seed(0);
  checkSgdTraining("Stem", before_cbn::Stem(), after_cbn::Stem(),
                   torch::randn({4, 3, 9, 9}), 10);
  checkSgdTraining("Block", before_cbn::Block(), after_cbn::Block(),
                   torch::randn({4, 4, 10}), 10);
  checkSgdTraining("Head", before_cbn::Head(), after_cbn::Head(),
                   torch::randn({8, 16}), 10);
}

TEST_CASE("swiglu rewrite (function over the members' weights): same "
          "checkpoint, outputs and gradients",
          "[apply]") {
  torch::manual_seed(0);
  checkEquivalent("FeedForward", before_swi::FeedForward(),
                  after_swi::FeedForward(), torch::randn({5, 16}));
  checkEquivalent("FeedForward, 3-d input", before_swi::FeedForward(),
                  after_swi::FeedForward(), torch::randn({2, 3, 16}));
  checkEquivalent("Biased (two statements)", before_swi::Biased(),
                  after_swi::Biased(), torch::randn({4, 8}));
  checkEquivalent("Packed (gated)", before_swi::Packed(true),
                  after_swi::Packed(true), torch::randn({3, 8}));
  checkEquivalent("Packed (not gated)", before_swi::Packed(false),
                  after_swi::Packed(false), torch::randn({3, 8}));
}

/// Trains the original and the rewritten Net from the same state with one
/// of the fixture's optimizer forms and compares every parameter after.
template <typename Old, typename New>
void checkTraining(const std::string &What, void (*TrainOld)(Old &, int),
                   void (*TrainNew)(New &, int), int Steps) {
  INFO(What);
  torch::manual_seed(3);
  Old A;
  New B;
  std::stringstream S;
  torch::save(A, S);
  torch::load(B, S);
  auto Start = A->fc1->weight.clone();
  TrainOld(A, Steps);
  TrainNew(B, Steps);
  // The optimizer moved the weights (the comparison is not vacuous).
  CHECK_FALSE(torch::allclose(A->fc1->weight, Start));
  auto PB = B->named_parameters();
  for (const auto &P : A->named_parameters()) {
    INFO(P.key());
    const torch::Tensor *Q = PB.find(P.key());
    REQUIRE(Q);
    CHECK(torch::allclose(P.value(), *Q, 1e-5, 1e-6));
  }
}

TEST_CASE("retype rewrite (optimizer-adam): the same training trajectory",
          "[apply]") {
  using namespace before_opt;
  namespace A = after_opt;
  checkTraining<Net, A::Net>("Adam", trainAdam, A::trainAdam, 20);
  checkTraining<Net, A::Net>("AdamW", trainAdamW, A::trainAdamW, 20);
  checkTraining<Net, A::Net>("AdamW groups", trainGroups, A::trainGroups, 20);
  checkTraining<Net, A::Net>("unique_ptr, braces", trainUnique, A::trainUnique,
                             10);
  checkTraining<Net, A::Net>("shared_ptr<Optimizer>", trainShared,
                             A::trainShared, 20);
}

TEST_CASE("the rewritten modules are the fused kernels", "[apply]") {
  after::Mlp M;
  CHECK(M->fc1.ptr()->name().find("FusedLinearGELU") != std::string::npos);
  after::Gate G(4);
  CHECK(G->proj.ptr()->name().find("FusedLinearSiLU") != std::string::npos);
  after::Head H;
  CHECK(H->head.ptr()->name().find("FusedLinearReLU") != std::string::npos);
}

TEST_CASE("log-softmax-nll rewrite (cross_entropy with the options or the "
          "NLLLoss module): same checkpoint, loss and gradients",
          "[apply]") {
  torch::manual_seed(0);
  using V = std::vector<torch::Tensor>;
  auto T = torch::randint(5, {6}, torch::kLong);
  auto Logits = torch::randn({6, 5}) * 2;
  before_ce::PlainImpl PA;
  after_ce::PlainImpl PB;
  sameResult(
      "Plain", [&](V X) { return PA.forward(X[0], T); },
      [&](V X) { return PB.forward(X[0], T); }, {Logits});

  auto Padded = T.clone();
  Padded[2] = 0;
  before_ce::PaddedImpl DA;
  after_ce::PaddedImpl DB;
  sameResult(
      "Padded (ignore_index, sum, dim -1)",
      [&](V X) { return DA.forward(X[0], Padded); },
      [&](V X) { return DB.forward(X[0], Padded); }, {Logits});
  auto T3 = torch::randint(5, {2, 3}, torch::kLong);
  sameResult(
      "Padded, [2, 3, 5] logits reshaped",
      [&](V X) { return DA.forward(X[0], T3); },
      [&](V X) { return DB.forward(X[0], T3); }, {torch::randn({2, 3, 5})});

  auto WA = std::make_shared<before_ce::WeightedImpl>();
  auto WB = std::make_shared<after_ce::WeightedImpl>();
  {
    torch::NoGradGuard NoGrad;
    WA->loss->weight.uniform_(0.5, 2.0); // a trained-looking class weight
  }
  CHECK(keys(*WA) == keys(*WB));
  std::stringstream S;
  torch::save(std::static_pointer_cast<torch::nn::Module>(WA), S);
  std::shared_ptr<torch::nn::Module> Loaded = WB;
  torch::load(Loaded, S);
  CHECK(torch::equal(WA->loss->weight, WB->loss->weight));
  sameResult(
      "Weighted (NLLLoss member)", [&](V X) { return WA->forward(X[0], T); },
      [&](V X) { return WB->forward(X[0], T); }, {Logits});

  auto Labels = torch::randint(5, {4}, torch::kLong);
  sameResult(
      "auxLoss (helper function)",
      [&](V X) { return before_ce::auxLoss(X[0], Labels); },
      [&](V X) { return after_ce::auxLoss(X[0], Labels); },
      {torch::randn({4, 5})});
}

TEST_CASE("rmsnorm-manual and layernorm-manual rewrites (rms_norm and "
          "layer_norm over the members): same checkpoint, outputs and "
          "gradients",
          "[apply]") {
  torch::manual_seed(0);
  auto X = torch::randn({3, 4, 8}) * 2 + 0.5;
  // Parameters away from their initial ones and eps large enough to show
  // which one is used.
  auto Perturb = [](auto M) {
    torch::NoGradGuard NoGrad;
    for (auto &P : M->parameters())
      P.add_(torch::randn_like(P) * 0.3);
    return M;
  };
  checkEquivalent("RMSNorm (LLaMA)", Perturb(before_rms::RMSNorm(8, 1e-2)),
                  after_rms::RMSNorm(8, 1e-2), X);
  checkEquivalent("T5Norm", Perturb(before_rms::T5Norm(8)),
                  after_rms::T5Norm(8), X);
  checkEquivalent("Scaled (no weight)", before_rms::Scaled(),
                  after_rms::Scaled(), X);
  checkEquivalent("Helper (helper function)", Perturb(before_rms::Helper()),
                  after_rms::Helper(), X);
  checkEquivalent("LayerNorm (autoencoder)",
                  Perturb(before_ln::LayerNorm(8, 1e-3)),
                  after_ln::LayerNorm(8, 1e-3), X);
  checkEquivalent("GroupNorm (RetNet)", before_ln::GroupNorm(),
                  after_ln::GroupNorm(), X);
  checkEquivalent("BiasOnly", Perturb(before_ln::BiasOnly()),
                  after_ln::BiasOnly(), X);
}

TEST_CASE("masked-softmax and attention rewrites: same outputs and gradients "
          "(a learned additive bias and dropout in training included)",
          "[apply]") {
  torch::manual_seed(0);
  using V = std::vector<torch::Tensor>;
  auto S = torch::randn({2, 3, 5, 6}) * 3;
  auto Bool = torch::rand({5, 6}) > 0.3;
  auto Causal = torch::ones({5, 6}).tril(); // 0 above the diagonal
  auto Bias = torch::randn({1, 1, 5, 6});
  sameResult(
      "Weights (masked_fill, then divide)",
      [&](V X) { return before_ms::Weights()->forward(X[0], Causal); },
      [&](V X) { return after_ms::Weights()->forward(X[0], Causal); }, {S});
  sameResult(
      "Additive (scale, then add)",
      [&](V X) { return before_ms::Additive()->forward(X[0], Bias); },
      [&](V X) { return after_ms::Additive()->forward(X[0], Bias); }, {S});
  sameResult(
      "Keep (torch::where, -inf fill)",
      [&](V X) { return before_ms::Keep()->forward(X[0], Bool); },
      [&](V X) { return after_ms::Keep()->forward(X[0], Bool); }, {S});
  // The masks above need no gradient (the fused kernels); a learned bias
  // does (the chain), and its gradient must match too.
  before_ms::LearnedBias LA;
  after_ms::LearnedBias LB;
  copyState(LA, LB);
  {
    torch::NoGradGuard NoGrad;
    LA->bias.normal_();
    LB->bias.copy_(LA->bias);
  }
  auto Out = LA->forward(S), OutB = LB->forward(S);
  CHECK(torch::allclose(Out, OutB, 1e-5, 1e-5));
  auto G = torch::randn_like(Out);
  Out.backward(G);
  OutB.backward(G);
  REQUIRE(LB->bias.grad().defined());
  CHECK(torch::allclose(LA->bias.grad(), LB->bias.grad(), 1e-5, 1e-5));

  auto Q = torch::randn({2, 3, 5, 8}), K = torch::randn({2, 3, 6, 8});
  auto Val = torch::randn({2, 3, 6, 4});
  sameResult(
      "Causal (four statements, masked_fill)",
      [&](V X) {
        return before_att::Causal()->forward(X[0], X[1], X[2], Causal);
      },
      [&](V X) {
        return after_att::Causal()->forward(X[0], X[1], X[2], Causal);
      },
      {Q, K, Val});
  sameResult(
      "ScaledQuery (q * scale, additive mask)",
      [&](V X) {
        return before_att::ScaledQuery()->forward(X[0], X[1], X[2], Bias);
      },
      [&](V X) {
        return after_att::ScaledQuery()->forward(X[0], X[1], X[2], Bias);
      },
      {Q, K, Val});
  sameResult(
      "InPlaceBias (scores += bias, T5)",
      [&](V X) {
        return before_att::InPlaceBias()->forward(X[0], X[1], X[2], X[3]);
      },
      [&](V X) {
        return after_att::InPlaceBias()->forward(X[0], X[1], X[2], X[3]);
      },
      {Q, K, Val, Bias.expand({2, 3, 5, 6}).clone()});
  sameResult(
      "ScalarFill (torch::where with a 0-dim lowest-float tensor)",
      [&](V X) {
        return before_att::ScalarFill()->forward(X[0], X[1], X[2], Bool);
      },
      [&](V X) {
        return after_att::ScalarFill()->forward(X[0], X[1], X[2], Bool);
      },
      {Q, K, Val});
  auto Q3 = Q.reshape({6, 5, 8}), K3 = K.reshape({6, 6, 8});
  auto V3 = Val.reshape({6, 6, 4});
  sameResult(
      "Plain (bmm, no scale, no mask)",
      [](V X) { return before_att::Plain()->forward(X[0], X[1], X[2]); },
      [](V X) { return after_att::Plain()->forward(X[0], X[1], X[2]); },
      {Q3, K3, V3});

  // Dropout on the weights, in training: the same seed drops the same
  // entries (the kernel applies torch's own dropout); in eval, none.
  auto Seeded = [](auto Fn) {
    return [Fn](V X) {
      torch::manual_seed(9);
      return Fn(X);
    };
  };
  before_att::Dropout DA;
  after_att::Dropout DB;
  for (bool Train : {true, false}) {
    DA->train(Train);
    DB->train(Train);
    sameResult(std::string("Dropout (a module), ") +
                   (Train ? "training" : "eval"),
               Seeded([&](V X) { return DA->forward(X[0], X[1], X[2]); }),
               Seeded([&](V X) { return DB->forward(X[0], X[1], X[2]); }),
               {Q, K, Val});
  }
  // A mask added only when defined (the `if` is gone from the rewrite):
  // with a mask and without; one under another condition stays.
  for (bool Defined : {true, false}) {
    torch::Tensor M = Defined ? Bias : torch::Tensor();
    sameResult(
        std::string("MaybeMask, mask ") + (Defined ? "defined" : "undefined"),
        [&](V X) {
          return before_att::MaybeMask()->forward(X[0], X[1], X[2], M);
        },
        [&](V X) {
          return after_att::MaybeMask()->forward(X[0], X[1], X[2], M);
        },
        {Q, K, Val});
    sameResult(
        std::string("masked_softmax MaybeMask, mask ") +
            (Defined ? "defined" : "undefined"),
        [&](V X) {
          return before_ms::MaybeMask()->forward(
              X[0], Defined ? Bool : torch::Tensor());
        },
        [&](V X) {
          return after_ms::MaybeMask()->forward(
              X[0], Defined ? Bool : torch::Tensor());
        },
        {S});
    // A mask under a flag (`use_mask ? mask : at::Tensor()`), `mask == 0`
    // only where the mask is defined, a bias under a flag as the first op.
    sameResult(
        std::string("FlagMask, flag ") + (Defined ? "set" : "clear"),
        [&](V X) {
          return before_att::FlagMask()->forward(X[0], X[1], X[2], Bias,
                                                 Defined);
        },
        [&](V X) {
          return after_att::FlagMask()->forward(X[0], X[1], X[2], Bias,
                                                Defined);
        },
        {Q, K, Val});
    torch::Tensor Keep =
        Defined ? (torch::rand({5, 6}) > 0.3).to(torch::kFloat) : M;
    sameResult(
        std::string("DefinedFill, mask ") + (Defined ? "defined" : "undefined"),
        [&](V X) {
          return before_att::DefinedFill()->forward(X[0], X[1], X[2], Keep);
        },
        [&](V X) {
          return after_att::DefinedFill()->forward(X[0], X[1], X[2], Keep);
        },
        {Q, K, Val});
    sameResult(
        std::string("masked_softmax FlagBias, flag ") +
            (Defined ? "set" : "clear"),
        [&](V X) {
          return before_ms::FlagBias()->forward(X[0], Bias, Defined);
        },
        [&](V X) { return after_ms::FlagBias()->forward(X[0], Bias, Defined); },
        {S});
  }
  before_att::FunctionalDropout FA;
  after_att::FunctionalDropout FB;
  auto Fill = torch::rand({5, 6}) > 0.7;
  for (bool Train : {true, false})
    for (int64_t Which : {0, 1, 2}) {
      FA->train(Train);
      FB->train(Train);
      sameResult("FunctionalDropout " + std::to_string(Which) +
                     (Train ? ", training" : ", eval"),
                 Seeded([&](V X) {
                   return FA->forward(X[0], X[1], X[2], Fill, Which);
                 }),
                 Seeded([&](V X) {
                   return FB->forward(X[0], X[1], X[2], Fill, Which);
                 }),
                 {Q, K, Val});
    }
  // The dropout's is_training() read in an earlier statement, moved to the
  // call: still the module's mode at that point.
  before_att::MergedHeads MA;
  after_att::MergedHeads MB;
  for (bool Train : {true, false}) {
    MA->train(Train);
    MB->train(Train);
    sameResult(std::string("MergedHeads, ") + (Train ? "training" : "eval"),
               Seeded([&](V X) { return MA->forward(X[0], X[1], X[2], Fill); }),
               Seeded([&](V X) { return MB->forward(X[0], X[1], X[2], Fill); }),
               {Q, K, Val});
  }
}
