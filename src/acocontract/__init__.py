"""acocontract: assemble NHS accountable care contracts from a clause library and a profile."""

__version__ = "0.1.0"
