//! Both samples run their whole flow: every message arrives, in order, and the heap ends
//! empty.

use samples::log::Log;

#[test]
fn shared_heap_delivers_every_message_and_frees_every_block() {
    let log = Log::new();
    let stats = samples::shared_heap::run(&log).expect("the sample runs");
    let lines = log.lines();

    let printed: Vec<&String> = lines
        .iter()
        .filter(|line| line.starts_with("app 2 prints: "))
        .collect();
    let expected: Vec<String> = (1..=10)
        .map(|i| {
            format!(
                "app 2 prints: app 1 message {i} in a {}-byte buffer",
                1024 * i
            )
        })
        .collect();
    assert_eq!(printed, expected.iter().collect::<Vec<_>>());

    let host = lines
        .iter()
        .filter(|line| line.contains("host malloc gave"))
        .count();
    let app = lines
        .iter()
        .filter(|line| line.contains("app 1 malloc gave"))
        .count();
    assert_eq!((host, app), (5, 5));
    // Every buffer sits in the managed heap at the top of the 32-bit space.
    for line in lines.iter().filter(|line| line.contains("malloc gave")) {
        let hex = line.split("app address 0x").nth(1).expect("an address");
        let addr = u32::from_str_radix(&hex[..8], 16).expect("hex address");
        assert!(addr >= 0xFFFC_0000, "{line}");
    }
    assert!(lines.contains(&"thread 2: received, printed and freed 10 messages".to_owned()));
    assert_eq!(
        (stats.bytes_in_use, stats.live_blocks, stats.invalid_frees),
        (0, 0, 0)
    );
}

#[test]
fn shared_heap_chain_passes_blocks_and_notes_by_address() {
    let log = Log::new();
    let stats = samples::shared_heap_chain::run(&log).expect("the sample runs");
    let lines = log.lines();

    let layout = &lines[0];
    assert!(layout.starts_with("chain layout:"), "{layout}");
    assert!(layout.contains("chain start 0xfffef000"), "{layout}");
    assert!(
        layout.contains("managed            65536 bytes  0xfffef000..=0xffffefff"),
        "{layout}"
    );
    assert!(
        layout.contains("pre-allocated       4096 bytes  0xfffff000..=0xffffffff"),
        "{layout}"
    );

    for i in 1..=3 {
        let message = format!(
            "app 2 prints: app 1 message {i} in a {}-byte buffer",
            1024 * i
        );
        assert!(
            lines.contains(&message),
            "missing {message:?} in {lines:#?}"
        );
    }
    for k in 0..4 {
        let at = 0xFFFF_F000u32 + 512 * k;
        assert!(lines.contains(&format!(
            "app 1 wrote note {k} at {at:#010x} (pre-allocated member)"
        )));
        assert!(lines.contains(&format!("app 2 prints: chain note {k}")));
    }
    assert!(lines.contains(&"app 2 prints: a note from the host".to_owned()));
    assert_eq!((stats.bytes_in_use, stats.live_blocks), (0, 0));
}

#[test]
fn ring_buffer_passes_every_value_once_and_in_order_between_two_threads() {
    let values = if cfg!(debug_assertions) {
        20_000
    } else {
        1_000_000
    };
    let log = Log::new();
    let report = samples::ring_buffer::run(&log, values).expect("the sample runs");
    assert_eq!((report.values, report.wrong), (values, 0));
    let lines = log.lines();
    assert_eq!(
        lines[1],
        format!("app 2 consumed {values} values on thread 2: 0 lost, duplicated or out of order")
    );
    assert!(lines[0].contains(&format!(
        "found the ring full {} times",
        report.producer_waits
    )));
}
