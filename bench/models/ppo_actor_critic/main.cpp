// Runs a few PPO iterations (rollout, GAE, clipped-surrogate update) of the
// actor-critic agent on a toy contextual-bandit environment and prints the
// mean reward and the loss. Usage: model-ppo_actor_critic [iterations]
#include "ppo_actor_critic.h"

#include <cstdio>
#include <cstdlib>

namespace {

// Reward 1 when the action equals the sign bit of the first observation
// feature; a fresh observation is drawn after every step.
struct ToyEnv {
  torch::Tensor obs; // (num_envs, obs_dim)

  ToyEnv(int64_t num_envs, int64_t obs_dim)
      : obs(torch::randn({num_envs, obs_dim})) {}

  torch::Tensor step(const torch::Tensor &action) {
    auto correct = obs.select(1, 0).gt(0).to(torch::kLong);
    auto reward = (action == correct).to(torch::kFloat);
    obs = torch::randn_like(obs);
    return reward;
  }
};

} // namespace

int main(int argc, char **argv) {
  const int iterations = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(1);

  ppo::AgentConfig cfg;
  ppo::Agent agent(cfg);
  torch::optim::Adam optimizer(agent->parameters(),
                               torch::optim::AdamOptions(2.5e-3).eps(1e-5));

  const int64_t num_envs = 4, num_steps = 32, update_epochs = 2,
                num_minibatches = 2;
  const double gamma = 0.99, gae_lambda = 0.95, clip_coef = 0.2;
  const double ent_coef = 0.01, vf_coef = 0.5;
  ToyEnv env(num_envs, cfg.obs_dim);

  for (int iteration = 1; iteration <= iterations; ++iteration) {
    auto obs_buf = torch::zeros({num_steps, num_envs, cfg.obs_dim});
    auto act_buf = torch::zeros({num_steps, num_envs}, torch::kLong);
    auto logp_buf = torch::zeros({num_steps, num_envs});
    auto rew_buf = torch::zeros({num_steps, num_envs});
    auto val_buf = torch::zeros({num_steps, num_envs});
    auto advantages = torch::zeros({num_steps, num_envs});
    {
      torch::NoGradGuard no_grad;
      for (int64_t t = 0; t < num_steps; ++t) {
        obs_buf[t] = env.obs;
        auto out = agent->get_action_and_value(env.obs);
        act_buf[t] = out.action;
        logp_buf[t] = out.log_prob;
        val_buf[t] = out.value;
        rew_buf[t] = env.step(out.action);
      }
      // Generalised advantage estimation; the episodes never end here.
      auto next_value = agent->get_value(env.obs);
      auto lastgaelam = torch::zeros({num_envs});
      for (int64_t t = num_steps - 1; t >= 0; --t) {
        auto next_values = t == num_steps - 1 ? next_value : val_buf[t + 1];
        auto delta = rew_buf[t] + gamma * next_values - val_buf[t];
        lastgaelam = delta + gamma * gae_lambda * lastgaelam;
        advantages[t] = lastgaelam;
      }
    }
    auto returns = advantages + val_buf;

    const int64_t batch_size = num_steps * num_envs;
    const int64_t minibatch_size = batch_size / num_minibatches;
    auto b_obs = obs_buf.reshape({batch_size, cfg.obs_dim});
    auto b_act = act_buf.reshape({batch_size});
    auto b_logp = logp_buf.reshape({batch_size});
    auto b_adv = advantages.reshape({batch_size});
    auto b_ret = returns.reshape({batch_size});

    double last_loss = 0.0;
    for (int64_t epoch = 0; epoch < update_epochs; ++epoch) {
      auto perm = torch::randperm(batch_size, torch::kLong);
      for (int64_t start = 0; start < batch_size; start += minibatch_size) {
        auto idx = perm.narrow(0, start, minibatch_size);
        auto out = agent->get_action_and_value(b_obs.index_select(0, idx),
                                               b_act.index_select(0, idx));
        auto ratio = (out.log_prob - b_logp.index_select(0, idx)).exp();

        // Look-alike, not a layernorm-manual: a whole-batch standardisation
        // with the unbiased std and the epsilon outside the square root.
        auto mb_adv = b_adv.index_select(0, idx);
        mb_adv = (mb_adv - mb_adv.mean()) / (mb_adv.std() + 1e-8);

        auto pg_loss1 = -mb_adv * ratio;
        auto pg_loss2 =
            -mb_adv * torch::clamp(ratio, 1.0 - clip_coef, 1.0 + clip_coef);
        auto pg_loss = torch::max(pg_loss1, pg_loss2).mean();
        auto v_loss =
            0.5 * (out.value - b_ret.index_select(0, idx)).pow(2).mean();
        auto loss = pg_loss - ent_coef * out.entropy.mean() + vf_coef * v_loss;

        optimizer.zero_grad();
        loss.backward();
        torch::nn::utils::clip_grad_norm_(agent->parameters(), 0.5);
        optimizer.step();
        last_loss = loss.item<double>();
      }
    }
    std::printf("iteration %d  mean reward %.3f  loss %.4f\n", iteration,
                rew_buf.mean().item<double>(), last_loss);
  }
  return 0;
}
