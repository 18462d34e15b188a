/**
 * Neural-network layers and training, built on {@code dev.slt.engine}.
 *
 * <p>Will hold: {@code Module} with named parameters and buffers, the layers (Conv2d, BatchNorm2d,
 * Linear, pooling, residual blocks), the paper's models (LeNet-5, ConvNet, CIFAR ResNets, VGG-16-BN,
 * WRN, MobileNet-v1, ResNet-50), SGD with momentum and LR schedules, the training loop with
 * callbacks, and safetensors checkpoints. Not built yet: see the "Conv nets, datasets and training" issue.
 */
package dev.slt.nn;
