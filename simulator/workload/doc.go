// Package workload streams invocation arrivals into the simulator: readers
// for recorded traces and generators for synthetic traffic. Every Source
// yields arrivals in non-decreasing time order and never loads a whole trace
// into memory.
//
// # Trace formats (OpenFile)
//
// csv: a header row names the columns; only timestamp is required.
//
//   - timestamp: RFC 3339 (2026-01-02T15:04:05.123Z), or a number. The first
//     data row fixes the form for the whole file: a number below 1e9 is an
//     offset in seconds from the start of the trace and is kept as is; a
//     number from 1e9 to below 1e11 is unix seconds, 1e11 and above unix
//     milliseconds. Absolute times (unix or RFC 3339) are made relative to
//     the earliest arrival. Fractions and exponents are allowed ("12.5",
//     "1.5e3"); signs, hexadecimal, digit separators, NaN and Inf are not,
//     in any numeric field of any format. The first row that parses fixes
//     the form; a row before it that does not parse is an error that says
//     which forms the first column can take. Offsets are below 1e9 s, and
//     absolute times lie within MaxTraceSpan (1e9 s, about 31.7 years) of
//     the first row: a row outside is an error naming its line and the span
//     (RFC 3339 times are read from 1678 to 2262).
//   - duration_ms: execution time in milliseconds (optional), at most
//     MaxDuration (24 h, Function Compute's longest timeout), as in every
//     format.
//   - function: function key (optional).
//   - async: true/false (optional); status: accepted and ignored (every row
//     is one invocation, whatever its status).
//
// The csv reader parses blocks of lines (256 KiB) on up to four goroutines
// when more than one CPU is available, and hands the rows, errors and line
// numbers to Next in file order, exactly as a line-by-line reader would; a
// few blocks are in flight at a time, so memory stays bounded. Close stops
// the goroutines.
//
// Rows must be sorted by timestamp: a row earlier than the one before it is
// an error naming its line and giving a sort(1) command for the file. (The
// API's FileOptions.ReorderWindow allows that much disorder, buffering
// arrivals for that long; no command sets it.)
//
// azure2019: the Azure Functions 2019 per-minute invocation counts
// (HashOwner, HashApp, HashFunction[, Trigger], 1..1440 or minute_1..
// minute_1440) and the duration percentile file beside it. The path is the
// directory or the invocations file; invocations.csv pairs with
// durations.csv, NAME_inv.csv with NAME_run.csv, and
// invocations_per_function_md.anon.dNN.csv with
// function_durations_percentiles.anon.dNN.csv. FileOptions.Function selects
// functions whose HashFunction starts with the given prefix; TopN keeps the N
// busiest functions of the day; with neither, every function is replayed.
// Only non-zero counts are kept (at most 2^25 of them, about 200 MB; past
// that the reader asks for a filter). A count is at most 2^30. Each
// minute's count c is expanded by FileOptions.Expand: "uniform"
// (default) draws c offsets uniformly at random within the minute from the
// seed and sorts them; "even" spaces them at (i+0.5)*60s/c. Durations are
// drawn from the percentile table (p0, p1, p25, p50, p75, p99, p100) by
// linear interpolation of the inverse CDF. Triggers queue, event, storage,
// timer and orchestration are marked Async; http and others are sync.
//
// azure2021: app,func,end_timestamp,duration in seconds from trace start;
// arrival = end - duration (clamped at 0); the function key is "app/func".
// Rows are sorted by end time (or not at all), so arrivals are re-sorted in
// a reorder buffer of FileOptions.ReorderWindow (default 1h); an arrival
// earlier than one already emitted is an error naming its line.
//
// fc-requestlog: Function Compute request-level metrics exported from Simple
// Log Service as JSON lines. Fields used: invocationStartTimestamp (unix ms)
// for the arrival, or __time__ (unix s) minus durationMs when it is absent;
// durationMs; functionName; invocationType ("Async" marks async). Numbers may
// be JSON numbers or strings, as SLS exports them. The default reorder window
// is 1 minute.
//
// With FileOptions.SkipBadRows a malformed row is skipped and counted
// (BadRows) instead of ending the stream with a "file:line: expected ..."
// error.
//
// Every file is opened with safefile.Open (kind Trace): a FIFO, a device or
// a symlink to one is refused before a byte is read, and a file over the
// --max-input trace cap is refused with its size. A FileOptions.Function
// filter that keeps no row ends the stream with an error listing the
// trace's first ten function keys and how many more there are.
//
// # Generators (OpenSpec)
//
//	poisson:rate=5/s,duration=24h
//	diurnal:mean=20/s,peak=200/s,period=24h[,duration=..][,peak-at=12h]
//	burst:base=100/s,peak=50000/s,at=2h,for=10m[,duration=..]
//	cron:every=5m[,count=1][,offset=0s][,duration=24h]
//	replay:FILE[,scale=3][,format=..][,jitter=1s][,function=..][,top=N]
//
// Rates take /s, /m, /h or /d (at most 1e6/s). Durations are Go durations or
// days ("30d"); a generated trace spans at most 366 days.
// Every generator also takes function=NAME and async=true|false.
// See the doc comment of each generator type for its exact rule.
package workload
