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
		cfg.Mode = c.torchMode()
		cfg.L2 = name == "Adam" // torch.optim.Adam's weight_decay
		return optim.NewAdam(params, cfg)
	case "SGD":
		cfg := optim.DefaultSGD()
		cfg.LR = c.num("lr", cfg.LR)
		cfg.Momentum = c.num("momentum", 0)
		cfg.Dampening = c.num("dampening", 0)
		cfg.WeightDecay = c.num("weight_decay", 0)
		cfg.Nesterov = c.flag("nesterov")
		cfg.Maximize = c.flag("maximize")
		cfg.Mode = c.torchMode()
		return optim.NewSGD(params, cfg)
	case "Adagrad":
		cfg := optim.DefaultAdagrad()
		cfg.LR = c.num("lr", cfg.LR)
		cfg.LRDecay = c.num("lr_decay", 0)
		cfg.WeightDecay = c.num("weight_decay", 0)
		cfg.InitialAccumulatorValue = c.num("initial_accumulator_value", 0)
		cfg.Eps = c.num("eps", cfg.Eps)
		cfg.Maximize = c.flag("maximize")
		cfg.Mode = c.torchMode()
		return optim.NewAdagrad(params, cfg)
	case "RMSprop":
		cfg := optim.DefaultRMSprop()
		cfg.LR = c.num("lr", cfg.LR)
		cfg.Alpha = c.num("alpha", cfg.Alpha)
		cfg.Eps = c.num("eps", cfg.Eps)
		cfg.WeightDecay = c.num("weight_decay", 0)
		cfg.Momentum = c.num("momentum", 0)
		cfg.Centered = c.flag("centered")
		cfg.Maximize = c.flag("maximize")
		cfg.Mode = c.torchMode()
		return optim.NewRMSprop(params, cfg)
	case "Adamax":
		cfg := optim.DefaultAdamax()
		cfg.LR = c.num("lr", cfg.LR)
		cfg.Betas = c.betas(cfg.Betas)
		cfg.Eps = c.num("eps", cfg.Eps)
		cfg.WeightDecay = c.num("weight_decay", 0)
		cfg.Maximize = c.flag("maximize")
		return optim.NewAdamax(params, cfg)
	case "NAdam":
		cfg := optim.DefaultNAdam()
		cfg.LR = c.num("lr", cfg.LR)
		cfg.Betas = c.betas(cfg.Betas)
		cfg.Eps = c.num("eps", cfg.Eps)
		cfg.WeightDecay = c.num("weight_decay", 0)
		cfg.MomentumDecay = c.num("momentum_decay", cfg.MomentumDecay)
		cfg.DecoupledWeightDecay = c.flag("decoupled_weight_decay")
		c.mode()
		return optim.NewNAdam(params, cfg)
	case "RAdam":
		cfg := optim.DefaultRAdam()
		cfg.LR = c.num("lr", cfg.LR)
		cfg.Betas = c.betas(cfg.Betas)
		cfg.Eps = c.num("eps", cfg.Eps)
		cfg.WeightDecay = c.num("weight_decay", 0)
		cfg.DecoupledWeightDecay = c.flag("decoupled_weight_decay")
		c.mode()
		return optim.NewRAdam(params, cfg)
	case "Adadelta":
		cfg := optim.DefaultAdadelta()
		cfg.LR = c.num("lr", cfg.LR)
		cfg.Rho = c.num("rho", cfg.Rho)
		cfg.Eps = c.num("eps", cfg.Eps)
		cfg.WeightDecay = c.num("weight_decay", 0)
		cfg.Maximize = c.flag("maximize")
		return optim.NewAdadelta(params, cfg)
	case "Lion":
		cfg := optim.DefaultLion()
		cfg.LR = c.num("lr", cfg.LR)
		cfg.Betas = c.betas(cfg.Betas)
		cfg.WeightDecay = c.num("weight_decay", 0)
		c.mode()
		return optim.NewLion(params, cfg)
	case "ASGD":
		cfg := optim.DefaultASGD()
		cfg.LR = c.num("lr", cfg.LR)
		cfg.Lambd = c.num("lambd", cfg.Lambd)
		cfg.Alpha = c.num("alpha", cfg.Alpha)
		cfg.T0 = c.num("t0", cfg.T0)
		cfg.WeightDecay = c.num("weight_decay", 0)
		cfg.Maximize = c.flag("maximize")
		return optim.NewASGD(params, cfg)
	case "Rprop":
		cfg := optim.DefaultRprop()
		cfg.LR = c.num("lr", cfg.LR)
		cfg.Etas = c.pair("etas", cfg.Etas)
		cfg.StepSizes = c.pair("step_sizes", cfg.StepSizes)
		cfg.Maximize = c.flag("maximize")
		return optim.NewRprop(params, cfg)
	}
	return nil, fmt.Errorf("no optimizer %q in optim", name)
}
