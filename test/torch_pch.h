// The precompiled header the test suite parses LibTorch code through.
// Built with -fpch-instantiate-templates: a fixture that includes
// <torch/torch.h> then parses in about a second instead of six.
#include <torch/torch.h>
