/** Training callbacks for IMP: keeping pruned weights at zero and capturing/restoring the rewind state. */
package dev.slt.pruning.train;
