"""Reading inputs: YAML with positions, files and size caps, validation and consistency checks, the
cache of validated inputs, derogations, packaged referentials, and the interop and scaffolding
of input files."""
