# script-version: 2.0
# isvsim ParaView Catalyst script: data extracts while the run goes.
#
#   isvsim run SCENARIO.toml --catalyst output/catalyst/scripts/extracts.py [--catalyst-every N]
#
# Every time isvsim hands the lesions over (step 0 and every N model steps) this writes, per
# lesion, into ./catalyst/ (relative to the working directory; change OUTPUT_DIRECTORY below):
#   <lesion>_<step>.pvti  the whole lattice: cell_state and every field, point data at voxel
#                         centres, µm (a small header; the data is in <lesion>_<step>/*.vti)
#   <lesion>_viable_<step>.pvtp   the surface of the viable tumour (cycling, quiescent and
#                         hypoxic cells; an isosurface at 1/2 of a 0/1 indicator)
#   <lesion>_tcells_<step>.pvtp   the CD8 T cells as points at their voxel centres, with id,
#   <lesion>_dcs_<step>.pvtp      voxel, specificity, exhaustion, engaged (T cells) and id,
#                                 voxel, mature, antigen_load (dendritic cells)
# <step> is the model step (six digits); the time in hours is stored in each file as TimeValue.
# Needs no X server.
from paraview import catalyst
from paraview.simple import Contour, CreateExtractor, PythonCalculator, TrivialProducer

OUTPUT_DIRECTORY = "catalyst"

options = catalyst.Options()
options.ExtractsOutputDirectory = OUTPUT_DIRECTORY

# cell_state codes (agents/voxel_code.hpp): 1 cycling, 2 quiescent, 3 hypoxic are viable tumour.
VIABLE = "numpy.where((cell_state >= 1) & (cell_state <= 3), 1.0, 0.0)"

_pipelines_made = False


POINT_CHANNELS = ("_tcells", "_dcs")


def _channels(info):
    """isvsim's channels: per lesion `<lesion>` (the lattice), `<lesion>_tcells` and
    `<lesion>_dcs` (points). Returns the lesion names and all channel names."""
    description = info.dataDescription
    names = [description.GetInputDescriptionName(i)
             for i in range(description.GetNumberOfInputDescriptions())]
    lesions = [n for n in names
               if not any(n == m + suffix for m in names for suffix in POINT_CHANNELS)]
    return lesions, names


def _make_pipelines(lesions, names):
    for name in lesions:
        lattice = TrivialProducer(registrationName=name)
        lattice_extract = CreateExtractor("VTI", lattice, registrationName=name + "_vti")
        lattice_extract.Writer.FileName = name + "_{timestep:06d}.pvti"

        viable = PythonCalculator(registrationName=name + "_viable_indicator", Input=lattice,
                                  Expression=VIABLE, ArrayName="viable_tumor")
        surface = Contour(registrationName=name + "_viable", Input=viable,
                          ContourBy=["POINTS", "viable_tumor"], Isosurfaces=[0.5])
        surface_extract = CreateExtractor("VTP", surface, registrationName=name + "_vtp")
        surface_extract.Writer.FileName = name + "_viable_{timestep:06d}.pvtp"

        for channel in (name + suffix for suffix in POINT_CHANNELS):
            if channel in names:
                cells = TrivialProducer(registrationName=channel)
                cells_extract = CreateExtractor("VTP", cells, registrationName=channel + "_vtp")
                cells_extract.Writer.FileName = channel + "_{timestep:06d}.pvtp"


def catalyst_execute(info):
    # The pipelines are made on the first call, when the lesion names are known; extractors
    # made here already write at this step.
    global _pipelines_made
    if not _pipelines_made:
        _make_pipelines(*_channels(info))
        _pipelines_made = True
