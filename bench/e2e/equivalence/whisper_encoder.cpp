// The Whisper-style encoder classifier of bench/models/whisper_encoder, on
// random mel frames with padded tails.
#include "whisper_encoder.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  WhisperConfig dims;
  WhisperLanguageId model(dims);
  return {model.ptr(), [model, dims]() mutable {
            const int64_t B = 4;
            auto mel = torch::randn({B, dims.n_mels, 2 * dims.n_audio_ctx});
            auto valid = torch::randint(dims.n_audio_ctx / 2,
                                        dims.n_audio_ctx + 1, {B, 1});
            auto pad = torch::arange(dims.n_audio_ctx).unsqueeze(0).ge(valid);
            return model->forward(mel, pad);
          }};
}
