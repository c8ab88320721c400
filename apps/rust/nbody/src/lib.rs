//! The n-body simulation of the Jovian planets (the benchmarks game's program): `n` steps,
//! then the system's energy.

// Vector arithmetic over three axes reads best, and compiles as the benchmark intends, with an
// index per axis.
#![allow(clippy::needless_range_loop)]

bench_entry::export_run!(run);

const PI: f64 = std::f64::consts::PI;
const SOLAR_MASS: f64 = 4.0 * PI * PI;
const DAYS_PER_YEAR: f64 = 365.24;

#[derive(Clone, Copy)]
struct Body {
    position: [f64; 3],
    velocity: [f64; 3],
    mass: f64,
}

fn planet(position: [f64; 3], velocity: [f64; 3], mass: f64) -> Body {
    Body {
        position,
        velocity: velocity.map(|v| v * DAYS_PER_YEAR),
        mass: mass * SOLAR_MASS,
    }
}

fn jovian_system() -> [Body; 5] {
    let sun = Body {
        position: [0.0; 3],
        velocity: [0.0; 3],
        mass: SOLAR_MASS,
    };
    let jupiter = planet(
        [
            4.841_431_442_464_72,
            -1.160_320_044_027_428_4,
            -0.103_622_044_471_123_1,
        ],
        [
            1.660_076_642_744_037e-3,
            7.699_011_184_197_404e-3,
            -6.904_600_169_720_63e-5,
        ],
        9.547_919_384_243_266e-4,
    );
    let saturn = planet(
        [
            8.343_366_718_244_58,
            4.124_798_564_124_305,
            -4.035_234_171_143_214e-1,
        ],
        [
            -2.767_425_107_268_624e-3,
            4.998_528_012_349_172e-3,
            2.304_172_975_737_639_3e-5,
        ],
        2.858_859_806_661_308e-4,
    );
    let uranus = planet(
        [
            1.289_436_956_213_913_1e1,
            -1.511_115_140_169_863_1e1,
            -2.233_075_788_926_557_3e-1,
        ],
        [
            2.964_601_375_647_616e-3,
            2.378_471_739_594_809_5e-3,
            -2.965_895_685_402_375_6e-5,
        ],
        4.366_244_043_351_563e-5,
    );
    let neptune = planet(
        [
            1.537_969_711_485_091_1e1,
            -2.591_931_460_998_796_4e1,
            1.792_587_729_503_711_8e-1,
        ],
        [
            2.680_677_724_903_893_2e-3,
            1.628_241_700_382_423e-3,
            -9.515_922_545_197_159e-5,
        ],
        5.151_389_020_466_114_5e-5,
    );
    let mut bodies = [sun, jupiter, saturn, uranus, neptune];
    // Give the sun the momentum that makes the system's total zero.
    let mut momentum = [0.0; 3];
    for body in &bodies {
        for axis in 0..3 {
            momentum[axis] += body.velocity[axis] * body.mass;
        }
    }
    for axis in 0..3 {
        bodies[0].velocity[axis] = -momentum[axis] / SOLAR_MASS;
    }
    bodies
}

fn advance(bodies: &mut [Body; 5], dt: f64) {
    for i in 0..bodies.len() {
        for j in i + 1..bodies.len() {
            let d: [f64; 3] =
                std::array::from_fn(|a| bodies[i].position[a] - bodies[j].position[a]);
            let distance_squared = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
            let magnitude = dt / (distance_squared * distance_squared.sqrt());
            let (mass_i, mass_j) = (bodies[i].mass, bodies[j].mass);
            for axis in 0..3 {
                bodies[i].velocity[axis] -= d[axis] * mass_j * magnitude;
                bodies[j].velocity[axis] += d[axis] * mass_i * magnitude;
            }
        }
    }
    for body in bodies.iter_mut() {
        for axis in 0..3 {
            body.position[axis] += dt * body.velocity[axis];
        }
    }
}

fn energy(bodies: &[Body; 5]) -> f64 {
    let mut energy = 0.0;
    for (i, body) in bodies.iter().enumerate() {
        let speed_squared: f64 = body.velocity.iter().map(|v| v * v).sum();
        energy += 0.5 * body.mass * speed_squared;
        for other in &bodies[i + 1..] {
            let distance_squared: f64 = (0..3)
                .map(|a| (body.position[a] - other.position[a]).powi(2))
                .sum();
            energy -= body.mass * other.mass / distance_squared.sqrt();
        }
    }
    energy
}

/// The bits of the system's energy after `n` steps of 0.01 days.
pub fn run(n: u32) -> u64 {
    let mut bodies = jovian_system();
    for _ in 0..n {
        advance(&mut bodies, 0.01);
    }
    energy(&bodies).to_bits()
}
