# script-version: 2.0
# A Catalyst script that fails at step 24: isvsim must report it once and go on writing HDF5.
from paraview import catalyst

options = catalyst.Options()


def catalyst_execute(info):
    if info.cycle >= 24:
        raise RuntimeError("deliberate failure in a test script")
