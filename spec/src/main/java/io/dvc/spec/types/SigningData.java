package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** SigningData: the signing root is its hash_tree_root. */
public record SigningData(Bytes objectRoot, Bytes domain) {}
