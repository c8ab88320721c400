// The benchmark programs' inputs and expected answers: (program, (quick input, answer),
// (full input, answer)). Computed by the same crates built natively; the `answers` crate's test
// checks this table and `cargo run --release -p answers` (in apps/rust) prints it afresh.
// Included as Rust by that crate and by the benchmark harness (bench/src/real_programs.rs).
&[
    ("argon2_hash", (1, 1855505696344337259), (64, 6205151946815430356)),
    ("json_parse", (1, 9980590382840429151), (40, 9980590382840429151)),
    ("lz4_roundtrip", (4, 11522879454260163997), (1024, 4967027209192891236)),
    ("markdown", (1, 5828236239268331708), (12, 5828236239268331708)),
    ("matmul_f64", (4, 8029322896280183131), (300, 5336723164801353819)),
    ("miniz_roundtrip", (4, 14219695082899802889), (256, 1545119004229462735)),
    ("nbody", (10, 13818631554726053042), (200000, 13818631939904695297)),
    ("prime_sieve", (100, 25), (5000000, 348513)),
    ("regex_scan", (1, 4255987505151638600), (50, 4255987505151638600)),
    ("sha2_hash", (1, 17116444723761507773), (300, 1321596660922501146)),
    ("simd_scan", (1, 8471171808233526408), (300, 12809282386089383907)),
    ("sort_unstable", (100, 9519730225337809581), (200000, 13958144175704329405)),
    ("spectral_norm", (4, 4608319746129371181), (500, 4608417414426438917)),
    ("word_count", (100, 17916652260843053718), (200000, 9421598858600355390)),
]
