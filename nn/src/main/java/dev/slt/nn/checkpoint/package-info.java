/**
 * Checkpoints: SLT's training state as a <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * file, readable by {@code safetensors.torch.load_file} in Python.
 *
 * <h2>File layout</h2>
 * <pre>
 * bytes 0..7        N, unsigned 64-bit little-endian: the header's length in bytes
 * bytes 8..8+N-1    header: UTF-8 JSON object, padded with spaces to a multiple of 8 bytes
 * bytes 8+N..end    data section: the tensors' raw bytes, back to back
 * </pre>
 * The header maps each tensor name to {@code {"dtype": "F32", "shape": [d0, d1, ...],
 * "data_offsets": [begin, end]}}: row-major float32, little-endian, occupying data-section bytes
 * {@code [begin, end)} (offsets relative to the start of the data section; {@code end - begin = 4 *
 * product(shape)}; a scalar has shape {@code []}). The optional key {@code "__metadata__"} maps
 * strings to strings. Tensors are written in state-dict order and cover the data section exactly.
 *
 * <h2>What an SLT checkpoint holds</h2>
 * <ul>
 * <li>Every parameter and buffer of the model under its PyTorch-style state-dict name
 *     ({@code 0.weight}, {@code 1.running_mean}, {@code layer1.0.conv1.weight}, ...).</li>
 * <li>Every SGD momentum buffer under {@code optim.momentum.<parameter name>} (only parameters that
 *     have taken a step; absent ones restart at zero, as in PyTorch).</li>
 * <li>{@code __metadata__}: {@code format} = {@code slt-checkpoint/1}; {@code sha256} = lower-case hex
 *     SHA-256 of the whole data section; and, from the trainer, {@code config} (the run's
 *     configuration as a JSON string), {@code epoch} (epochs completed), {@code seed} (the run seed:
 *     model initialisation, and the data order and augmentation of epoch {@code e}, which are pure
 *     functions of (seed, e), so no generator state beyond it is needed to resume at an epoch
 *     boundary), {@code history} (JSON array of the per-epoch metrics so far).</li>
 * </ul>
 *
 * <h2>Validation on reading</h2>
 * A file is refused, with a message naming it and the problem, when: it is shorter than 8 bytes;
 * N is below 2, above 100 MiB or past the end of the file; the header is not a JSON object; a tensor
 * entry lacks dtype F32, a non-negative integer shape or two integer offsets; offsets lie outside the
 * data section or disagree with the shape's size; the tensors overlap, leave a hole or do not reach
 * the end of the data (truncation); the SHA-256 does not match; the format key or digest is
 * missing; or a tensor the model needs is missing or has another shape.
 *
 * <h2>Writing</h2>
 * Atomic ({@link dev.slt.nn.checkpoint.AtomicFiles}): a temporary file in the same folder, forced to
 * disk, renamed over the target, then the folder forced. A crash leaves the old file or the new one.
 */
package dev.slt.nn.checkpoint;
