//! FNV-1a, the one hash the core and the app use: cheap, allocation-free and the same on every
//! platform. The detectors' features are hashed with it, so the embedded weights depend on it:
//! it must never change without retraining them (the entity tagger uses 64 bits, the claim
//! scorer 32).

/// Where a 64-bit FNV-1a hash starts.
pub const FNV1A_64_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// Where a 32-bit FNV-1a hash starts.
pub const FNV1A_32_OFFSET: u32 = 0x811c_9dc5;

/// `hash` (an offset, or a hash so far) extended with `bytes`, 64 bits wide.
#[inline(always)]
pub fn fnv1a_64(mut hash: u64, bytes: &[u8]) -> u64 {
    for &byte in bytes {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// `hash` (an offset, or a hash so far) extended with `bytes`, 32 bits wide.
#[inline(always)]
pub fn fnv1a_32(mut hash: u32, bytes: &[u8]) -> u32 {
    for &byte in bytes {
        hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The published FNV-1a test vectors: an empty input is the offset, "a" and "foobar" known.
    #[test]
    fn known_values() {
        assert_eq!(fnv1a_64(FNV1A_64_OFFSET, b""), FNV1A_64_OFFSET);
        assert_eq!(fnv1a_64(FNV1A_64_OFFSET, b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a_64(FNV1A_64_OFFSET, b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(fnv1a_32(FNV1A_32_OFFSET, b"a"), 0xe40c_292c);
        assert_eq!(fnv1a_32(FNV1A_32_OFFSET, b"foobar"), 0xbf9c_f968);
        // Hashing in pieces is hashing the whole.
        assert_eq!(
            fnv1a_64(fnv1a_64(FNV1A_64_OFFSET, b"foo"), b"bar"),
            fnv1a_64(FNV1A_64_OFFSET, b"foobar")
        );
    }
}
