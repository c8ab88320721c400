//! The committed answers are what the programs compute natively.

#[test]
fn every_program_has_its_native_answers_in_the_table() {
    for (name, run) in answers::PROGRAMS {
        let (_, quick, full) = answers::ANSWERS
            .iter()
            .find(|(program, ..)| program == name)
            .unwrap_or_else(|| panic!("answers.rs has no line for {name}"));
        for (input, expected) in [quick, full] {
            assert_eq!(run(*input), *expected, "{name}({input})");
        }
    }
    assert_eq!(
        answers::ANSWERS.len(),
        answers::PROGRAMS.len(),
        "answers.rs names programs that do not exist"
    );
}

#[test]
fn quick_inputs_are_smaller_than_full_ones() {
    for (name, (quick, _), (full, _)) in answers::ANSWERS {
        assert!(
            quick < full,
            "{name}: quick input {quick} is not below {full}"
        );
    }
}
