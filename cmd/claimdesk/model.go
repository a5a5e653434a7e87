package main

import "context"

// cmdEval prints precision, recall and F1 of the Yes class.
func cmdEval(ctx context.Context, e *env, args []string) error { return usagef("eval: not built yet") }

// cmdTrain trains the check-worthiness model.
func cmdTrain(ctx context.Context, e *env, args []string) error {
	return usagef("train: not built yet")
}
