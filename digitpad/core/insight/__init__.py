"""What the models compute inside: feature maps, kernels, recurrent states, saliency, mistakes."""
