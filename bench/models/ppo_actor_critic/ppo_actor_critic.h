// An actor-critic agent for Proximal Policy Optimisation with discrete
// actions, after CleanRL's ppo.py: separate actor and critic MLPs held in
// torch::nn::Sequential containers built with push_back, orthogonal init.
//
// Header-only; main.cpp runs a toy environment and the PPO update.
#pragma once

#include <torch/torch.h>

#include <cmath>
#include <cstdint>

namespace ppo {

struct AgentConfig {
  int64_t obs_dim = 4;
  int64_t n_actions = 2;
  int64_t hidden = 64;
  int64_t critic_layers = 2;
};

// Linear -> ReLU blocks appended in a loop.
inline torch::nn::Sequential make_relu_mlp(int64_t in_features, int64_t hidden,
                                           int64_t num_layers) {
  torch::nn::Sequential mlp;
  for (int64_t i = 0; i < num_layers; ++i) {
    mlp->push_back(torch::nn::Linear(i == 0 ? in_features : hidden, hidden));
    mlp->push_back(torch::nn::ReLU());
  }
  return mlp;
}

struct PolicyOutput {
  torch::Tensor action;
  torch::Tensor log_prob;
  torch::Tensor entropy;
  torch::Tensor value;
};

class AgentImpl : public torch::nn::Module {
public:
  explicit AgentImpl(const AgentConfig &cfg) {
    // The actor uses Tanh, as in CleanRL (Linear + Tanh is not in the
    // catalogue).
    actor->push_back("fc1", torch::nn::Linear(cfg.obs_dim, cfg.hidden));
    actor->push_back("act1", torch::nn::Tanh());
    actor->push_back("fc2", torch::nn::Linear(cfg.hidden, cfg.hidden));
    actor->push_back("act2", torch::nn::Tanh());
    actor->push_back("logits", torch::nn::Linear(cfg.hidden, cfg.n_actions));
    register_module("actor", actor);

    critic = make_relu_mlp(cfg.obs_dim, cfg.hidden, cfg.critic_layers);
    critic->push_back(torch::nn::Linear(cfg.hidden, 1));
    register_module("critic", critic);

    init_orthogonal(*actor, /*last_gain=*/0.01);
    init_orthogonal(*critic, /*last_gain=*/1.0);
  }

  torch::Tensor get_value(const torch::Tensor &obs) {
    return critic->forward(obs).squeeze(-1);
  }

  // Samples an action when `action` is undefined, otherwise evaluates the
  // given one.
  PolicyOutput get_action_and_value(const torch::Tensor &obs,
                                    torch::Tensor action = {}) {
    auto logits = actor->forward(obs);
    // Look-alike, not a log-softmax-nll: the log-probabilities are gathered
    // by hand rather than passed to nll_loss.
    auto log_probs = torch::log_softmax(logits, /*dim=*/-1);
    auto probs = log_probs.exp();
    if (!action.defined()) {
      action = torch::multinomial(probs, 1).squeeze(-1);
    }
    auto log_prob = log_probs.gather(-1, action.unsqueeze(-1)).squeeze(-1);
    auto entropy = -(probs * log_probs).sum(-1);
    return {action, log_prob, entropy, get_value(obs)};
  }

private:
  static void init_orthogonal(torch::nn::SequentialImpl &seq,
                              double last_gain) {
    torch::NoGradGuard no_grad;
    torch::nn::LinearImpl *last = nullptr;
    for (auto &module : seq.children()) {
      if (auto *linear = module->as<torch::nn::Linear>()) {
        torch::nn::init::orthogonal_(linear->weight, std::sqrt(2.0));
        torch::nn::init::zeros_(linear->bias);
        last = linear;
      }
    }
    if (last != nullptr) {
      torch::nn::init::orthogonal_(last->weight, last_gain);
    }
  }

  torch::nn::Sequential actor;
  torch::nn::Sequential critic{nullptr};
};
TORCH_MODULE(Agent);

} // namespace ppo
