//! Tests of the correction (below).
