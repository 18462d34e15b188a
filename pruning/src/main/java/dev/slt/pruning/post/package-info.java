/** Structured post-processing of an IMP mask (refill, refill+, regroup), registered by name in {@link dev.slt.pruning.post.PostProcessors}. */
package dev.slt.pruning.post;
