/** Realistic and random problem generators: pure, deterministic in their arguments and seed. */
export { townProblem, TOWN_DIVISIONS, TOWN_POLICY } from './town';
export { cityProblem, buildCity, CITY, DAY_FACTORS, type CitySpec } from './city';
export { scaledProblem, LICENCE_SHARE } from './scaled';
export { coupledProblem, coupledKnobs, describeKnobs, COUPLED_DEFAULT_KNOBS, type CoupledKnobs } from './coupled';
export { shapeProblem, SHAPES, type ShapeName } from './shapes';
export { SURVEY } from './survey';
export { horizonProblem, horizonKnobs, describeHorizonKnobs, repeatedWeeks, HORIZON_DEFAULT_KNOBS, type HorizonKnobs } from './horizon';
export { Rng, hashSeed } from './random';
