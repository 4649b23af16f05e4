//! Raw deflate (RFC 1951) for share links: [`compress`] and [`inflate`], written here rather than
//! taken from `miniz_oxide`, whose compressor and decompressor were ~15 KB of the page's gzip
//! download (their tables and generic code; docs/benchmarks.md, "Download") for a link made now
//! and then.
//!
//! The format is deflate's, so links made by earlier pages (`miniz_oxide` at level 9) open, and
//! any inflater (an older page's, `DecompressionStream('deflate-raw')`) opens the links made
//! here. The compressor is zlib's level 9 in outline — LZ77 over a 32 KiB window with hash
//! chains (4,096 candidates) and lazy matching, then per block of symbols the smaller of
//! Huffman codes fitted to the block (lengths limited by halving the counts until they fit) and
//! the fixed ones — so its bytes differ from miniz's but its links are as short, within a few
//! bytes. The decoder checks everything (codes, lengths, distances, the output's bound) and
//! returns an error, never panics, on any input.

/// Why [`inflate`] gave up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// The output would pass the limit.
    TooLarge,
    /// Not a deflate stream (or cut short).
    Damaged,
}

/// Lengths 3…258: base and extra bits of codes 257…285.
const LEN_BASE: [u16; 29] =
    [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA: [u8; 29] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
/// Distances 1…32768: base and extra bits of codes 0…29.
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
    8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] =
    [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/// The order in which a dynamic block lists the code lengths' own code lengths.
const CL_ORDER: [usize; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/// The fixed codes' lengths: literals and lengths (288), then distances (32, the last two never
/// used, so the code is complete).
fn fixed_lengths() -> Vec<u8> {
    let mut l = vec![8u8; 288];
    l[144..256].fill(9);
    l[256..280].fill(7);
    l.extend([5u8; 32]);
    l
}

// ---- inflate --------------------------------------------------------------------------------

struct Bits<'a> {
    data: &'a [u8],
    at: usize,
    buf: u32,
    n: u32,
}

impl Bits<'_> {
    /// The next `n` (≤ 16) bits, least significant first.
    fn get(&mut self, n: u32) -> Result<u32, Error> {
        while self.n < n {
            let b = *self.data.get(self.at).ok_or(Error::Damaged)?;
            self.at += 1;
            self.buf |= u32::from(b) << self.n;
            self.n += 8;
        }
        let v = self.buf & ((1 << n) - 1);
        self.buf >>= n;
        self.n -= n;
        Ok(v)
    }
}

/// A canonical Huffman code for decoding: how many codes of each length, and the symbols in
/// code order (as zlib's `puff` keeps them).
struct Code {
    count: [u16; 16],
    symbol: Vec<u16>,
}

impl Code {
    /// The code of `lengths`; `None` if over-subscribed, or incomplete but for a single code
    /// (which deflate allows for distances).
    fn new(lengths: &[u8]) -> Option<Code> {
        let mut count = [0u16; 16];
        for &l in lengths {
            count[usize::from(l)] += 1;
        }
        let mut left: i32 = 1;
        for &c in &count[1..] {
            left = left * 2 - i32::from(c);
            if left < 0 {
                return None;
            }
        }
        let used = lengths.len() - usize::from(count[0]);
        if left > 0 && used > 1 {
            return None;
        }
        let mut offs = [0u16; 16];
        for l in 1..15 {
            offs[l + 1] = offs[l] + count[l];
        }
        let mut symbol = vec![0u16; used];
        for (s, &l) in lengths.iter().enumerate() {
            if l != 0 {
                symbol[usize::from(offs[usize::from(l)])] = s as u16;
                offs[usize::from(l)] += 1;
            }
        }
        count[0] = 0;
        Some(Code { count, symbol })
    }

    fn decode(&self, bits: &mut Bits) -> Result<usize, Error> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for &count in &self.count[1..] {
            code |= bits.get(1)? as i32;
            let count = i32::from(count);
            if code - first < count {
                let at = (index + code - first) as usize;
                return self.symbol.get(at).map(|&s| usize::from(s)).ok_or(Error::Damaged);
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(Error::Damaged)
    }
}

/// The bytes of the raw deflate stream `data` (what follows its last block is ignored); more
/// than `limit` bytes is [`Error::TooLarge`].
pub fn inflate(data: &[u8], limit: usize) -> Result<Vec<u8>, Error> {
    let mut bits = Bits { data, at: 0, buf: 0, n: 0 };
    let mut out = Vec::new();
    loop {
        let last = bits.get(1)? == 1;
        match bits.get(2)? {
            0 => {
                (bits.buf, bits.n) = (0, 0);
                let header = data.get(bits.at..bits.at + 4).ok_or(Error::Damaged)?;
                let len = usize::from(u16::from_le_bytes([header[0], header[1]]));
                if u16::from_le_bytes([header[2], header[3]]) != !(len as u16) {
                    return Err(Error::Damaged);
                }
                let stored = data.get(bits.at + 4..bits.at + 4 + len).ok_or(Error::Damaged)?;
                if out.len() + len > limit {
                    return Err(Error::TooLarge);
                }
                out.extend_from_slice(stored);
                bits.at += 4 + len;
            }
            1 => {
                let l = fixed_lengths();
                let (lit, dist) = (Code::new(&l[..288]), Code::new(&l[288..]));
                codes(&mut bits, &mut out, limit, &lit.ok_or(Error::Damaged)?, &dist.ok_or(Error::Damaged)?)?;
            }
            2 => {
                let (lit, dist) = dynamic(&mut bits)?;
                codes(&mut bits, &mut out, limit, &lit, &dist)?;
            }
            _ => return Err(Error::Damaged),
        }
        if last {
            return Ok(out);
        }
    }
}

/// A dynamic block's codes, read from its header.
fn dynamic(bits: &mut Bits) -> Result<(Code, Code), Error> {
    let nlen = bits.get(5)? as usize + 257;
    let ndist = bits.get(5)? as usize + 1;
    let ncode = bits.get(4)? as usize + 4;
    if nlen > 286 || ndist > 30 {
        return Err(Error::Damaged);
    }
    let mut cl = [0u8; 19];
    for &i in &CL_ORDER[..ncode] {
        cl[i] = bits.get(3)? as u8;
    }
    let cl = Code::new(&cl).ok_or(Error::Damaged)?;
    let mut lengths = Vec::with_capacity(nlen + ndist);
    while lengths.len() < nlen + ndist {
        let (value, times) = match cl.decode(bits)? {
            sym @ 0..=15 => (sym as u8, 1),
            16 => (*lengths.last().ok_or(Error::Damaged)?, 3 + bits.get(2)?),
            17 => (0, 3 + bits.get(3)?),
            _ => (0, 11 + bits.get(7)?),
        };
        if lengths.len() + times as usize > nlen + ndist {
            return Err(Error::Damaged);
        }
        lengths.extend(std::iter::repeat_n(value, times as usize));
    }
    if lengths[256] == 0 {
        return Err(Error::Damaged);
    }
    let lit = Code::new(&lengths[..nlen]).ok_or(Error::Damaged)?;
    let dist = Code::new(&lengths[nlen..]).ok_or(Error::Damaged)?;
    Ok((lit, dist))
}

/// A block's literals and matches, up to its end code.
fn codes(bits: &mut Bits, out: &mut Vec<u8>, limit: usize, lit: &Code, dist: &Code) -> Result<(), Error> {
    loop {
        let sym = lit.decode(bits)?;
        if sym < 256 {
            if out.len() >= limit {
                return Err(Error::TooLarge);
            }
            out.push(sym as u8);
            continue;
        }
        if sym == 256 {
            return Ok(());
        }
        let i = sym - 257;
        let len = usize::from(*LEN_BASE.get(i).ok_or(Error::Damaged)?) + bits.get(u32::from(LEN_EXTRA[i]))? as usize;
        let d = dist.decode(bits)?;
        let back = usize::from(*DIST_BASE.get(d).ok_or(Error::Damaged)?) + bits.get(u32::from(DIST_EXTRA[d]))? as usize;
        if back > out.len() {
            return Err(Error::Damaged);
        }
        if out.len() + len > limit {
            return Err(Error::TooLarge);
        }
        let from = out.len() - back;
        for k in 0..len {
            out.push(out[from + k]);
        }
    }
}

// ---- compress -------------------------------------------------------------------------------

const WINDOW: usize = 1 << 15;
const HASH_BITS: u32 = 15;
const MAX_CHAIN: usize = 4096;
const MAX_MATCH: usize = 258;
/// Symbols per block: each block gets codes fitted to it.
const BLOCK: usize = 1 << 14;

/// A literal (`dist` 0: the byte) or a match (`value` its length, 3…258).
#[derive(Clone, Copy)]
struct Sym {
    value: u16,
    dist: u16,
}

impl Sym {
    /// The literal/length code.
    fn code(self) -> usize {
        if self.dist == 0 {
            usize::from(self.value)
        } else {
            256 + LEN_BASE.partition_point(|&b| b <= self.value)
        }
    }
}

/// `data` as raw deflate, one final block or more.
pub fn compress(data: &[u8]) -> Vec<u8> {
    let syms = lz77(data);
    let mut w = BitWriter { out: Vec::new(), acc: 0, n: 0 };
    let blocks: Vec<&[Sym]> = if syms.is_empty() { vec![&[]] } else { syms.chunks(BLOCK).collect() };
    for (i, block) in blocks.iter().enumerate() {
        write_block(&mut w, block, i + 1 == blocks.len());
    }
    if w.n > 0 {
        w.out.push(w.acc as u8);
    }
    w.out
}

/// Literals and matches: hash chains over the window, lazy matching (a match is put off by one
/// byte when the next byte starts a longer one).
fn lz77(data: &[u8]) -> Vec<Sym> {
    let n = data.len();
    let mut head = vec![usize::MAX; 1 << HASH_BITS];
    let mut prev = vec![usize::MAX; WINDOW];
    let hash = |i: usize| {
        let v = u32::from(data[i]) | u32::from(data[i + 1]) << 8 | u32::from(data[i + 2]) << 16;
        (v.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
    };
    let longest = |head: &[usize], prev: &[usize], i: usize| -> (usize, usize) {
        if i + 3 > n {
            return (0, 0);
        }
        let (mut best, mut best_dist) = (0, 0);
        let max = (n - i).min(MAX_MATCH);
        let mut j = head[hash(i)];
        let mut chain = MAX_CHAIN;
        while j != usize::MAX && j < i && i - j <= WINDOW && chain > 0 {
            if data[j + best] == data[i + best] {
                let len = data[j..j + max].iter().zip(&data[i..i + max]).take_while(|(a, b)| a == b).count();
                if len > best {
                    (best, best_dist) = (len, i - j);
                    if len == max {
                        break;
                    }
                }
            }
            let next = prev[j % WINDOW];
            if next >= j {
                break;
            }
            j = next;
            chain -= 1;
        }
        // A three-byte match far back costs more than its literals.
        if best == 3 && best_dist > 4096 {
            return (0, 0);
        }
        (best, best_dist)
    };
    let insert = |head: &mut [usize], prev: &mut [usize], i: usize| {
        if i + 3 <= n {
            let h = hash(i);
            prev[i % WINDOW] = head[h];
            head[h] = i;
        }
    };
    let mut syms = Vec::new();
    let mut i = 0;
    while i < n {
        let (len, dist) = longest(&head, &prev, i);
        insert(&mut head, &mut prev, i);
        if len >= 3 && !(len < MAX_MATCH && longest(&head, &prev, i + 1).0 > len) {
            syms.push(Sym { value: len as u16, dist: dist as u16 });
            for k in i + 1..i + len {
                insert(&mut head, &mut prev, k);
            }
            i += len;
        } else {
            syms.push(Sym { value: u16::from(data[i]), dist: 0 });
            i += 1;
        }
    }
    syms
}

struct BitWriter {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl BitWriter {
    fn put(&mut self, bits: u32, n: u32) {
        self.acc |= u64::from(bits) << self.n;
        self.n += n;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }
}

/// The canonical codes of `lengths`, bit-reversed for writing.
fn codes_of(lengths: &[u8]) -> Vec<u32> {
    let mut count = [0u32; 16];
    for &l in lengths {
        count[usize::from(l)] += 1;
    }
    count[0] = 0;
    let mut next = [0u32; 16];
    for l in 1..16 {
        next[l] = (next[l - 1] + count[l - 1]) << 1;
    }
    lengths
        .iter()
        .map(|&l| {
            let c = next[usize::from(l)];
            next[usize::from(l)] += 1;
            c.reverse_bits().checked_shr(32 - u32::from(l)).unwrap_or(0)
        })
        .collect()
}

/// Huffman code lengths for `freq`, none longer than `limit`: the counts are halved until the
/// code fits. At least two symbols get a code (deflate's decoders want a complete code).
fn lengths(freq: &[u32], limit: u8) -> Vec<u8> {
    let mut f = freq.to_vec();
    let used = f.iter().filter(|&&x| x > 0).count();
    for x in f.iter_mut().filter(|x| **x == 0).take(2usize.saturating_sub(used)) {
        *x = 1;
    }
    loop {
        // Nodes: the symbols, then the merged ones; `parent` links them up to the root.
        let mut live: Vec<(u32, usize)> = f.iter().enumerate().filter(|(_, &x)| x > 0).map(|(i, &x)| (x, i)).collect();
        let mut parent = vec![0usize; f.len() + live.len()];
        let mut next = f.len();
        while live.len() > 1 {
            let mut merged = (0, 0);
            for _ in 0..2 {
                let min = (0..live.len()).min_by_key(|&k| live[k]).unwrap_or(0);
                let (x, node) = live.swap_remove(min);
                parent[node] = next;
                merged = (merged.0 + x, next);
            }
            live.push(merged);
            next += 1;
        }
        let root = next - 1;
        let depth = |mut node: usize| {
            let mut d = 0u8;
            while node != root {
                node = parent[node];
                d = d.saturating_add(1);
            }
            d
        };
        let out: Vec<u8> = f.iter().enumerate().map(|(i, &x)| if x > 0 { depth(i) } else { 0 }).collect();
        if out.iter().all(|&l| l <= limit) {
            return out;
        }
        for x in f.iter_mut().filter(|x| **x > 0) {
            *x = x.div_ceil(2);
        }
    }
}

/// One block, with the cheaper of fitted and fixed codes.
fn write_block(w: &mut BitWriter, syms: &[Sym], last: bool) {
    let mut freq = vec![0u32; 286 + 30];
    freq[256] = 1;
    let mut extra = 0u64;
    for &s in syms {
        let c = s.code();
        freq[c] += 1;
        if c > 256 {
            let d = dist_code(s.dist);
            freq[286 + d] += 1;
            extra += u64::from(LEN_EXTRA[c - 257] + DIST_EXTRA[d]);
        }
    }
    let mut lit = lengths(&freq[..286], 15);
    let mut dist = lengths(&freq[286..], 15);
    let nlen = 257.max(lit.iter().rposition(|&l| l > 0).unwrap_or(0) + 1);
    let ndist = 1.max(dist.iter().rposition(|&l| l > 0).unwrap_or(0) + 1);
    lit.truncate(nlen);
    dist.truncate(ndist);
    // The lengths run-length coded: (symbol, extra bits' value).
    let all: Vec<u8> = lit.iter().chain(&dist).copied().collect();
    let mut rle: Vec<(u8, u8)> = Vec::new();
    let mut k = 0;
    while k < all.len() {
        let v = all[k];
        let run = all[k..].iter().take_while(|&&x| x == v).count();
        let take = if v == 0 && run >= 11 {
            let t = run.min(138);
            rle.push((18, (t - 11) as u8));
            t
        } else if v == 0 && run >= 3 {
            rle.push((17, (run - 3) as u8));
            run
        } else if v != 0 && run >= 4 {
            let t = (run - 1).min(6);
            rle.push((v, 0));
            rle.push((16, (t - 3) as u8));
            t + 1
        } else {
            rle.push((v, 0));
            1
        };
        k += take;
    }
    let mut cl_freq = [0u32; 19];
    for &(s, _) in &rle {
        cl_freq[usize::from(s)] += 1;
    }
    let cl = lengths(&cl_freq, 7);
    let ncl = 4.max(CL_ORDER.iter().rposition(|&i| cl[i] > 0).unwrap_or(0) + 1);
    let cost = |lit: &[u8], dist: &[u8]| -> u64 {
        let (l, d) = (&freq[..286], &freq[286..]);
        let bits = |f: &[u32], len: &[u8]| f.iter().zip(len).map(|(&f, &l)| u64::from(f) * u64::from(l)).sum::<u64>();
        bits(l, lit) + bits(d, dist) + extra
    };
    let header = 14
        + 3 * ncl as u64
        + rle
            .iter()
            .map(|&(s, _)| {
                u64::from(cl[usize::from(s)]) + [2, 3, 7].get(usize::from(s).wrapping_sub(16)).map_or(0, |&x| x)
            })
            .sum::<u64>();
    let fixed = fixed_lengths();
    let dynamic = header + cost(&lit, &dist) < cost(&fixed[..286], &fixed[288..]);
    w.put(u32::from(last), 1);
    let (lit, dist) = if dynamic {
        w.put(2, 2);
        w.put((nlen - 257) as u32, 5);
        w.put((ndist - 1) as u32, 5);
        w.put((ncl - 4) as u32, 4);
        for &i in &CL_ORDER[..ncl] {
            w.put(u32::from(cl[i]), 3);
        }
        let cl_codes = codes_of(&cl);
        for &(s, x) in &rle {
            w.put(cl_codes[usize::from(s)], u32::from(cl[usize::from(s)]));
            if let Some(&n) = [2, 3, 7].get(usize::from(s).wrapping_sub(16)) {
                w.put(u32::from(x), n);
            }
        }
        (lit, dist)
    } else {
        w.put(1, 2);
        (fixed[..288].to_vec(), fixed[288..].to_vec())
    };
    let (lit_codes, dist_codes) = (codes_of(&lit), codes_of(&dist));
    for &s in syms {
        let i = s.code();
        w.put(lit_codes[i], u32::from(lit[i]));
        if i > 256 {
            w.put(u32::from(s.value - LEN_BASE[i - 257]), u32::from(LEN_EXTRA[i - 257]));
            let d = dist_code(s.dist);
            w.put(dist_codes[d], u32::from(dist[d]));
            w.put(u32::from(s.dist - DIST_BASE[d]), u32::from(DIST_EXTRA[d]));
        }
    }
    w.put(lit_codes[256], u32::from(lit[256]));
}

fn dist_code(dist: u16) -> usize {
    DIST_BASE.partition_point(|&b| b <= dist) - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rng(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    /// What this module writes, miniz_oxide's inflater reads; what miniz_oxide wrote, this one
    /// reads; on text, random bytes, long runs and the edges of blocks and windows.
    #[test]
    fn reads_and_writes_what_miniz_oxide_does() {
        let mut seed = 5u64;
        let text = "services:\n  web:\n    image: nginx\n    ports:\n      - \"8080:80\"\n";
        let mut inputs: Vec<Vec<u8>> = vec![
            vec![],
            b"a".to_vec(),
            b"hola".to_vec(),
            text.repeat(500).into_bytes(),
            vec![b' '; 100_000],
            (0..70_000).map(|_| rng(&mut seed) as u8).collect(),
            (0..200_000).map(|_| b'a' + (rng(&mut seed) % 5) as u8).collect(),
            (0..=255u8).cycle().take(40_000).collect(),
        ];
        // Text with matches just inside and outside the window.
        let block: Vec<u8> = (0..300).map(|_| b'a' + (rng(&mut seed) % 26) as u8).collect();
        let mut far = block.clone();
        far.extend((0..WINDOW - 300).map(|_| b'0' + (rng(&mut seed) % 10) as u8));
        far.extend(&block);
        inputs.push(far.clone());
        far.insert(301, b'!');
        inputs.push(far);
        for data in &inputs {
            let ours = compress(data);
            let theirs = miniz_oxide::deflate::compress_to_vec(data, 9);
            assert_eq!(
                miniz_oxide::inflate::decompress_to_vec(&ours).ok().as_deref(),
                Some(&data[..]),
                "{}",
                data.len()
            );
            assert_eq!(inflate(&theirs, usize::MAX).as_deref(), Ok(&data[..]), "{}", data.len());
            assert_eq!(inflate(&ours, usize::MAX).as_deref(), Ok(&data[..]), "{}", data.len());
            // As short as miniz's, within 2 % (and a few bytes for tiny inputs).
            assert!(
                ours.len() <= theirs.len() + theirs.len() / 50 + 4,
                "{}: {} vs {}",
                data.len(),
                ours.len(),
                theirs.len()
            );
            for level in [0, 1, 6] {
                let other = miniz_oxide::deflate::compress_to_vec(data, level);
                assert_eq!(inflate(&other, usize::MAX).as_deref(), Ok(&data[..]), "level {level}");
            }
        }
    }

    #[test]
    fn the_limit_and_damage_are_errors() {
        let data = vec![b'x'; 1000];
        let packed = compress(&data);
        assert_eq!(inflate(&packed, 1000).map(|o| o.len()), Ok(1000));
        assert_eq!(inflate(&packed, 999), Err(Error::TooLarge));
        assert_eq!(inflate(&packed[..packed.len() - 1], 2000), Err(Error::Damaged));
        assert_eq!(inflate(&[], 10), Err(Error::Damaged));
        assert_eq!(inflate(&[0b111], 10), Err(Error::Damaged), "block type 3");
        // A stored block: its length checked against its complement, then copied.
        assert_eq!(inflate(&[1, 2, 0, 0xfd, 0xff, b'o', b'k'], 10).as_deref(), Ok(&b"ok"[..]));
        assert_eq!(inflate(&[1, 2, 0, 0xfd, 0xfe, b'o', b'k'], 10), Err(Error::Damaged));
        assert_eq!(inflate(&[1, 2, 0, 0xfd, 0xff, b'o', b'k'], 1), Err(Error::TooLarge));
        let mut seed = 3u64;
        for _ in 0..20_000 {
            let len = (rng(&mut seed) % 40) as usize;
            let bytes: Vec<u8> = (0..len).map(|_| rng(&mut seed) as u8).collect();
            let _ = inflate(&bytes, 1 << 16);
            let mut bad = packed.clone();
            let at = (rng(&mut seed) as usize) % bad.len();
            bad[at] ^= 1 << (rng(&mut seed) % 8);
            let _ = inflate(&bad, 1 << 16);
        }
    }
}
