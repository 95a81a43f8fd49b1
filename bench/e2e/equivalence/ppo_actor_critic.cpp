// The PPO agent of bench/models/ppo_actor_critic: the log-probability,
// entropy and value of given actions, on random observations.
#include "ppo_actor_critic.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  ppo::AgentConfig cfg;
  ppo::Agent agent(cfg);
  return {agent.ptr(), [agent, cfg]() mutable {
            auto obs = torch::randn({8, cfg.obs_dim});
            auto first = agent->get_action_and_value(obs);
            auto out = agent->get_action_and_value(obs, first.action);
            return torch::cat({out.log_prob.flatten(), out.entropy.flatten(),
                               out.value.flatten(),
                               agent->get_value(obs).flatten()});
          }};
}
