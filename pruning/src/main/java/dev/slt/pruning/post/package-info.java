/** Structured post-processing of an IMP mask (refill, refill+; regroup plugs in here), registered by name in {@link dev.slt.pruning.post.PostProcessors}. */
package dev.slt.pruning.post;
