"""claimscope: who said what, who contradicts whom, and what is established, over news."""

__version__ = "0.1.0"
