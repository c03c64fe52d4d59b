package optim_test

import (
	"fmt"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// newTorchOptimizer builds the optimizer a recorded case names, from its PyTorch settings.
func newTorchOptimizer[F kernels.Float](name string, c *torchConfig, params []*optim.Param[F]) (interface{ Step() error }, error) {
	switch name {
	case "Adam", "AdamW":
		cfg := optim.DefaultAdam()
		if name == "AdamW" {
			cfg = optim.DefaultAdamW()
		}
		cfg.LR = c.num("lr", cfg.LR)
		cfg.Betas = c.betas(cfg.Betas)
		cfg.Eps = c.num("eps", cfg.Eps)
		cfg.WeightDecay = c.num("weight_decay", cfg.WeightDecay)
		cfg.AMSGrad = c.flag("amsgrad")
		cfg.Maximize = c.flag("maximize")
		cfg.EpsHat = c.mode() == "eps_hat"
		return optim.NewAdam(params, cfg)
	}
	return nil, fmt.Errorf("no optimizer %q in optim", name)
}
