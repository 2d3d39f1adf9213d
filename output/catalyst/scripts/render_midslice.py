# script-version: 2.0
# isvsim ParaView script: a picture of every lesion's middle z-plane, coloured by cell state
# (one block of pixels per voxel). Two ways to run it:
#
# In situ, as a Catalyst script while the run goes (isvsim built with ISV_WITH_CATALYST=ON):
#   xvfb-run -a isvsim run SCENARIO.toml --catalyst output/catalyst/scripts/render_midslice.py \
#       [--catalyst-every N]
# writes ./catalyst/<lesion>_midslice_<step>.png at step 0 and every N model steps (relative to
# the working directory; change OUTPUT_DIRECTORY below).
#
# Afterwards, from a run's XDMF file (any isvsim build):
#   xvfb-run -a pvbatch output/catalyst/scripts/render_midslice.py RUN.xmf [--out-dir DIR]
#       [--last]
# writes DIR/<lesion>_midslice_<hours>h.png for every snapshot (or only the last one).
#
# Rendering needs an X server: on a machine without a display use `xvfb-run -a` (Debian package
# xvfb); Debian's ParaView has no off-screen (EGL/OSMesa) rendering.
#
# In situ, CD8 T cells within TCELL_SLAB_VOXELS of the plane are drawn as magenta spheres (from
# isvsim's `<lesion>_tcells` channel). The HDF5 snapshots hold no cell positions, so pictures
# made from an XDMF file show the lattice only.
from paraview import catalyst
from paraview.simple import (Calculator, CreateExtractor, CreateView,
                             GetColorTransferFunction, GetScalarBar, Glyph, PythonCalculator,
                             Show, Text, Threshold, TrivialProducer)

OUTPUT_DIRECTORY = "catalyst"
IMAGE_SIZE = [800, 560]
TCELL_SLAB_VOXELS = 1  # T cells at most this many voxels above or below the plane are drawn
TCELL_COLOUR = [0.75, 0.0, 0.75]

if __name__ != "__main__":  # in situ
    options = catalyst.Options()
    options.ExtractsOutputDirectory = OUTPUT_DIRECTORY

# cell_state codes (agents/voxel_code.hpp) with their colours.
CELL_STATES = [
    (0, "tissue", [0.93, 0.91, 0.88]),
    (1, "tumour, cycling", [0.20, 0.63, 0.17]),
    (2, "tumour, quiescent", [0.12, 0.47, 0.71]),
    (3, "tumour, hypoxic", [1.00, 0.50, 0.00]),
    (4, "necrotic debris", [0.35, 0.20, 0.15]),
]

_scenes = {}  # lesion name -> Scene


class Scene:
    """One lesion's view: the lattice shown as a z-slice, a legend and a title."""

    def __init__(self, lattice, lut, tcells=None):
        self.lattice = lattice
        self.view = CreateView("RenderView")
        self.view.ViewSize = IMAGE_SIZE
        self.view.UseColorPaletteForBackground = 0
        self.view.Background = [1.0, 1.0, 1.0]
        self.view.OrientationAxesVisibility = 0
        self.view.CameraParallelProjection = 1

        self.slice = Show(lattice, self.view, "UniformGridRepresentation")
        self.slice.Representation = "Slice"
        self.slice.SliceMode = "XY Plane"
        self.slice.ColorArrayName = ["POINTS", "cell_state"]
        self.slice.LookupTable = lut
        self.slice.MapScalars = 1
        self.slice.SetScalarBarVisibility(self.view, True)
        bar = GetScalarBar(lut, self.view)
        bar.Title = "cell state"
        bar.ComponentTitle = ""
        bar.TitleColor = bar.LabelColor = [0.1, 0.1, 0.1]
        bar.WindowLocation = "Any Location"
        bar.Position = [0.74, 0.22]
        bar.ScalarBarLength = 0.56
        bar.TitleFontSize = bar.LabelFontSize = 18

        self.near_plane = None
        if tcells is not None:
            layer = PythonCalculator(Input=tcells, Expression="voxel[:, 2]", ArrayName="k")
            self.near_plane = Threshold(Input=layer, Scalars=["POINTS", "k"],
                                        ThresholdMethod="Between")
            # Lifted onto the plane, so that cells just below it are not hidden by the slice.
            self.on_plane = Calculator(Input=self.near_plane, CoordinateResults=1)
            self.glyphs = Glyph(Input=self.on_plane, GlyphType="Sphere",
                                ScaleArray=["POINTS", "No scale array"], GlyphMode="All Points")
            glyph_rep = Show(self.glyphs, self.view)
            glyph_rep.ColorArrayName = ["POINTS", ""]
            glyph_rep.AmbientColor = glyph_rep.DiffuseColor = TCELL_COLOUR

        self.title = Text()
        title_rep = Show(self.title, self.view)
        title_rep.WindowLocation = "Upper Center"
        title_rep.FontSize = 18
        title_rep.Color = [0.1, 0.1, 0.1]

    def frame(self, name, time, step=None):
        """Shows the middle z-plane of the lattice at `time` (h) with the whole lattice in
        the picture, and a title."""
        self.view.ViewTime = time
        self.lattice.UpdatePipeline(time)
        grid = _first_image(self.lattice.GetClientSideObject().GetOutputDataObject(0))
        nx, ny, nz = grid.GetDimensions()
        dx, dy, dz = grid.GetSpacing()
        x0, y0, z0 = grid.GetOrigin()
        plane = nz // 2
        self.slice.Slice = plane
        if self.near_plane is not None:
            self.near_plane.LowerThreshold = plane - TCELL_SLAB_VOXELS
            self.near_plane.UpperThreshold = plane + TCELL_SLAB_VOXELS
            self.on_plane.Function = "coordsX*iHat + coordsY*jHat + %r*kHat" % (
                z0 + (plane + 0.5) * dz)
            self.glyphs.ScaleFactor = 0.6 * dx
        width, height = nx * dx, ny * dy
        size = max(width, height)
        cx = x0 - 0.5 * dx + 0.5 * width + 0.3 * size  # lattice left, legend right
        cy = y0 - 0.5 * dy + 0.5 * height
        self.view.CameraFocalPoint = [cx, cy, z0]
        self.view.CameraPosition = [cx, cy, z0 + 10.0 * size + nz * dz]
        self.view.CameraViewUp = [0.0, 1.0, 0.0]
        self.view.CameraParallelScale = 0.62 * size
        when = "day %.1f" % (time / 24.0) + ("" if step is None else " (step %d)" % step)
        self.title.Text = "%s, %s\n%d x %d x %d voxels of %g um; plane z = %g um" % (
            name, when, nx, ny, nz, dx, z0 + plane * dz)
        if self.near_plane is not None:
            self.title.Text += "; magenta: T cells within %g um of it" % (TCELL_SLAB_VOXELS * dz)


def _first_image(data):
    """The vtkImageData itself, or the first one in a multiblock (as XDMFReader gives)."""
    if data.IsA("vtkImageData"):
        return data
    iterator = data.NewIterator()
    iterator.InitTraversal()
    return iterator.GetCurrentDataObject()


def _cell_state_colours():
    lut = GetColorTransferFunction("cell_state")
    lut.InterpretValuesAsCategories = 1
    lut.AnnotationsInitialized = 1
    lut.Annotations = [str(value) for code, label, _ in CELL_STATES for value in (code, label)]
    lut.IndexedColors = [c for _, _, colour in CELL_STATES for c in colour]
    lut.IndexedOpacities = [1.0] * len(CELL_STATES)
    return lut


def catalyst_execute(info):
    """In situ: isvsim hands over per lesion `<lesion>` (the lattice, vtkImageData),
    `<lesion>_tcells` and `<lesion>_dcs` (points)."""
    if not _scenes:  # the first call, when the lesion names are known
        lut = _cell_state_colours()
        description = info.dataDescription
        names = [description.GetInputDescriptionName(i)
                 for i in range(description.GetNumberOfInputDescriptions())]
        points = {m + suffix for m in names for suffix in ("_tcells", "_dcs")}
        for name in (n for n in names if n not in points):
            tcells = (TrivialProducer(registrationName=name + "_tcells")
                      if name + "_tcells" in names else None)
            scene = _scenes[name] = Scene(TrivialProducer(registrationName=name), lut, tcells)
            png = CreateExtractor("PNG", scene.view, registrationName=name + "_png")
            png.Writer.FileName = name + "_midslice_{timestep:06d}.png"
            png.Writer.ImageResolution = IMAGE_SIZE
    for name, scene in _scenes.items():
        scene.frame(name, info.time, info.cycle)


# Suffix of the point-set collection a population lesion adds beside its grid (not a lattice).
POINTS_SUFFIX = "_immune_points"


def _lesion_names(xmf):
    """The lesions of an isvsim XDMF file: one temporal collection each, named after it (the
    `<lesion>_immune_points` collections of population lesions are point sets, not lesions)."""
    import xml.etree.ElementTree as ElementTree
    domain = ElementTree.parse(xmf).getroot().find("Domain")
    return [grid.get("Name") for grid in domain.findall("Grid")
            if not grid.get("Name").endswith(POINTS_SUFFIX)]


def render_xdmf(arguments=None):
    """Afterwards: every lesion of a run's XDMF file, at every (or the last) snapshot."""
    import argparse
    import os
    from paraview import servermanager
    from paraview.simple import ExtractBlock, ResampleToImage, SaveScreenshot, XDMFReader
    from vtkmodules.vtkCommonDataModel import vtkCompositeDataSet

    parser = argparse.ArgumentParser(description="Render the mid z-plane of every lesion.")
    parser.add_argument("xmf", help="the run's XDMF file (RUN.xmf or RUN.part.xmf)")
    parser.add_argument("--out-dir", default=".", help="where the PNGs go (default: .)")
    parser.add_argument("--last", action="store_true", help="only the last snapshot")
    args = parser.parse_args(arguments)
    os.makedirs(args.out_dir, exist_ok=True)

    reader = XDMFReader(FileNames=[args.xmf])  # XDMF 2: the Xdmf3 readers cannot read it
    reader.UpdatePipelineInformation()
    times = list(reader.TimestepValues) or [0.0]
    reader.UpdatePipeline(times[0])
    data = servermanager.Fetch(reader)
    lut = _cell_state_colours()
    scenes = {}
    if data.IsA("vtkImageData"):  # a run with one lesion: the reader gives its grid
        scenes[_lesion_names(args.xmf)[0]] = Scene(reader, lut)
    for i in range(data.GetNumberOfBlocks() if data.IsA("vtkMultiBlockDataSet") else 0):
        name = data.GetMetaData(i).Get(vtkCompositeDataSet.NAME())
        if name not in _lesion_names(args.xmf):
            continue  # a point set drawn with no lattice of its own
        # The slice representation needs a vtkImageData, not a multiblock: resampling at exactly
        # the lattice's points turns the block back into one, values unchanged.
        grid = _first_image(data.GetBlock(i))
        block = ExtractBlock(Input=reader, Selectors=["/Root/" + name])
        lattice = ResampleToImage(Input=block, UseInputBounds=0,
                                  SamplingBounds=grid.GetBounds(),
                                  SamplingDimensions=grid.GetDimensions())
        scenes[name] = Scene(lattice, lut)
    for time in times[-1:] if args.last else times:
        for name, scene in scenes.items():
            scene.frame(name, time)
            path = os.path.join(args.out_dir, "%s_midslice_%gh.png" % (name, time))
            SaveScreenshot(path, scene.view, ImageResolution=IMAGE_SIZE)
            print(path)


if __name__ == "__main__":
    render_xdmf()
