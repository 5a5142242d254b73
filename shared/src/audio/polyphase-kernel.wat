;; The resampler's inner loop, in WebAssembly with 128-bit SIMD: plain TypeScript runs the same dot
;; products about five times slower, which mattered at 50 frames per second per direction per call.
;; Compiled into polyphase-kernel-wasm.ts by `npx tsx shared/test/audio/build-polyphase-kernel.ts`;
;; shared/test/audio/polyphase-kernel.test.ts fails when the two disagree.
;;
;; Memory layout is chosen by the caller (polyphase-resampler.ts); all offsets are in bytes:
;;   coefficients  up phases x taps f32, each phase reversed (oldest sample first), 16-byte aligned;
;;                 taps is a multiple of 8 (zero-padded at the old end)
;;   work          f32: `history` = taps - 1 samples kept from earlier blocks, then this block
;;   input         this block as int16
;;   output        int16, room for every output of the block
(module
  (memory (export "memory") 1)

  ;; Resamples one block of `count` input samples. Output k of the stream sits at high-rate position
  ;; k*down; `position` is where the next output sits, counted in high-rate steps from the first sample
  ;; of this block. Returns the same position counted from the first sample of the next block.
  (func (export "resampleBlock")
    (param $coefficients i32) (param $taps i32) (param $up i32) (param $down i32)
    (param $work i32) (param $history i32) (param $input i32) (param $count i32)
    (param $output i32) (param $position i32)
    (result i32)
    (local $i i32) (local $end i32) (local $newest i32) (local $phase i32)
    (local $stepWhole i32) (local $stepPhase i32)
    (local $c i32) (local $cEnd i32) (local $w i32)
    (local $acc0 v128) (local $acc1 v128) (local $sum f32)

    ;; Append the block, as f32, after the history.
    (local.set $i (i32.const 0))
    (block $converted
      (loop $convert
        (br_if $converted (i32.ge_u (local.get $i) (local.get $count)))
        (f32.store
          (i32.add (local.get $work) (i32.shl (i32.add (local.get $history) (local.get $i)) (i32.const 2)))
          (f32.convert_i32_s (i32.load16_s (i32.add (local.get $input) (i32.shl (local.get $i) (i32.const 1))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $convert)))

    (local.set $end (i32.mul (local.get $count) (local.get $up)))
    ;; Newest input sample at or before the next output, and the phase between it and the one after.
    ;; Divisions are slow, so they happen once per block; each output then steps by down = whole*up + phase.
    (local.set $newest (i32.div_u (local.get $position) (local.get $up)))
    (local.set $phase (i32.sub (local.get $position) (i32.mul (local.get $newest) (local.get $up))))
    (local.set $stepWhole (i32.div_u (local.get $down) (local.get $up)))
    (local.set $stepPhase (i32.sub (local.get $down) (i32.mul (local.get $stepWhole) (local.get $up))))
    (block $blockDone
      (loop $nextOutput
        (br_if $blockDone (i32.ge_u (local.get $position) (local.get $end)))
        (local.set $c
          (i32.add (local.get $coefficients)
            (i32.shl (i32.mul (local.get $phase) (local.get $taps)) (i32.const 2))))
        (local.set $cEnd (i32.add (local.get $c) (i32.shl (local.get $taps) (i32.const 2))))
        ;; Work index `newest` is the oldest of the `taps` samples ending at input `newest` (history offset).
        (local.set $w (i32.add (local.get $work) (i32.shl (local.get $newest) (i32.const 2))))
        ;; Two accumulators, 8 taps per step, so consecutive adds do not wait on each other.
        (local.set $acc0 (v128.const f32x4 0 0 0 0))
        (local.set $acc1 (v128.const f32x4 0 0 0 0))
        (loop $mac
          (local.set $acc0
            (f32x4.add (local.get $acc0)
              (f32x4.mul (v128.load (local.get $c)) (v128.load (local.get $w)))))
          (local.set $acc1
            (f32x4.add (local.get $acc1)
              (f32x4.mul (v128.load offset=16 (local.get $c)) (v128.load offset=16 (local.get $w)))))
          (local.set $c (i32.add (local.get $c) (i32.const 32)))
          (local.set $w (i32.add (local.get $w) (i32.const 32)))
          (br_if $mac (i32.lt_u (local.get $c) (local.get $cEnd))))
        (local.set $acc0 (f32x4.add (local.get $acc0) (local.get $acc1)))
        (local.set $sum
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $acc0)) (f32x4.extract_lane 1 (local.get $acc0)))
            (f32.add (f32x4.extract_lane 2 (local.get $acc0)) (f32x4.extract_lane 3 (local.get $acc0)))))
        ;; Saturate instead of wrapping around (a loud click), then round to nearest.
        (i32.store16 (local.get $output)
          (i32.trunc_sat_f32_s
            (f32.nearest (f32.min (f32.max (local.get $sum) (f32.const -32768)) (f32.const 32767)))))
        (local.set $output (i32.add (local.get $output) (i32.const 2)))
        (local.set $position (i32.add (local.get $position) (local.get $down)))
        (local.set $newest (i32.add (local.get $newest) (local.get $stepWhole)))
        (local.set $phase (i32.add (local.get $phase) (local.get $stepPhase)))
        (if (i32.ge_u (local.get $phase) (local.get $up))
          (then
            (local.set $phase (i32.sub (local.get $phase) (local.get $up)))
            (local.set $newest (i32.add (local.get $newest) (i32.const 1)))))
        (br $nextOutput)))

    ;; The block's last `history` samples become the history of the next block.
    (memory.copy
      (local.get $work)
      (i32.add (local.get $work) (i32.shl (local.get $count) (i32.const 2)))
      (i32.shl (local.get $history) (i32.const 2)))
    (i32.sub (local.get $position) (local.get $end)))
)
