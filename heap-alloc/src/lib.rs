//! Shared-heap backends (skeleton; being written).
