// Package engine is the discrete-event core of the simulator: a virtual clock
// measured as an offset from the start of the run, an event queue ordered by
// time, seeded random streams and the delay distributions the models sample.
//
// It knows nothing about Function Compute. Models (simulator/fc) define what
// an event's Kind and Ref mean.
//
// Two rules keep runs fast and reproducible:
//
//   - Events are small values stored in a reused slice; pushing and popping
//     allocates nothing once the queue has grown to its working size.
//   - Events with the same time are delivered in the order they were pushed,
//     and random streams are PCG generators seeded from (seed, stream), so the
//     same inputs and seed give the same run, bit for bit.
package engine
