#!/usr/bin/python3
"""ParaView checks of isvsim's output (ctest label `paraview`), run with Debian's /usr/bin/python3.

    paraview_test.py CASE --isvsim BUILD/cli/isvsim --source-dir SRC --work-dir DIR

CASE is one of
  xdmf      a completed run: ParaView's XDMFReader opens run.xmf; every time step, lesion, array,
            dimension, spacing, origin and value equals the HDF5 file (read with h5py)
  partial   an interrupted run (SIGTERM): run.part.xmf opens and matches run.h5.part
  render-xdmf  output/catalyst/scripts/render_midslice.py on run.xmf (on an Xvfb display): one
            PNG per lesion and snapshot
  extracts  (Catalyst build) output/catalyst/scripts/extracts.py: one .pvti per lesion and call,
            equal to the HDF5 snapshot at the same step, and a viable-tumour surface
  failing   (Catalyst build) failing scripts (an exception; sys.exit) are reported once and the
            HDF5 output is complete
  render    (Catalyst build) output/catalyst/scripts/render_midslice.py in situ (on an Xvfb
            display): one PNG per lesion and call, the same picture as made from run.xmf

Exits 77 (ctest: skipped) when ParaView's Python module (or, for rendering, Xvfb) is missing.
"""
import argparse
import glob
import os
import shutil
import signal
import subprocess
import sys
import time

SKIP = 77
SCENARIO = "tests/paraview/two_lesions.toml"
SOLO_SCENARIO = "tests/paraview/one_lesion.toml"
IMMUNE_SCENARIO = "tests/paraview/immune_lesion.toml"  # thousands of T cells within a day
SNAPSHOT_STEPS = [0, 24, 48]  # two_lesions.toml: step_h 1, snapshot every 24 h, 48 h long

try:
    import h5py
    import numpy as np
    from paraview import servermanager
    from paraview.simple import XDMFReader
    from vtkmodules.util.numpy_support import vtk_to_numpy
    from vtkmodules.vtkCommonDataModel import vtkCompositeDataSet
    from vtkmodules.vtkIOImage import vtkPNGReader
    from vtkmodules.vtkIOXML import vtkXMLPImageDataReader, vtkXMLPPolyDataReader
except ImportError as missing:
    print("SKIP: ParaView's Python (python3-paraview) or h5py is not installed: %s" % missing)
    sys.exit(SKIP)


class Failure(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failure(message)


def run_isvsim(args, options, extra, expect_rc=0, wrapper=(), scenario=SCENARIO, out="run.h5"):
    command = list(wrapper) + [args.isvsim, "run", os.path.join(args.source_dir, scenario),
                               "-o", out, "--force", "--quiet", "--threads", "2"] + extra
    result = subprocess.run(command, cwd=args.work_dir, capture_output=True, text=True,
                            timeout=options.get("timeout", 120))
    expect(result.returncode == expect_rc, "isvsim exited %d (expected %d)\n%s\n%s" % (
        result.returncode, expect_rc, result.stdout, result.stderr))
    return result


def lesions_of(h5):
    return list(h5["snapshots"].keys())


def snapshot_arrays(h5, lesion, k):
    """Every array of snapshot k of a lesion, flattened in x-fastest order."""
    group = h5["snapshots"][lesion]
    arrays = {"cell_state": group["cell_state"][k].ravel()}
    for name, dataset in group["fields"].items():
        arrays[name] = dataset[k].ravel()
    return arrays


def check_grid(grid, h5, lesion, k, where):
    """A vtkImageData against snapshot k of the lesion: geometry, arrays, values and ranges."""
    group = h5["snapshots"][lesion]
    nz, ny, nx = (int(v) for v in group.attrs["dims_zyx"])
    voxel = float(group.attrs["voxel_um"])
    origin = [float(v) + 0.5 * voxel for v in group.attrs["origin_um"]]
    expect(tuple(grid.GetDimensions()) == (nx, ny, nz),
           "%s: dimensions %s, expected %s" % (where, grid.GetDimensions(), (nx, ny, nz)))
    expect(np.allclose(grid.GetSpacing(), [voxel] * 3), "%s: spacing %s, expected %s um" % (
        where, grid.GetSpacing(), voxel))
    expect(np.allclose(grid.GetOrigin(), origin), "%s: origin %s, expected %s (voxel centres)" % (
        where, grid.GetOrigin(), origin))
    expected = snapshot_arrays(h5, lesion, k)
    data = grid.GetPointData()
    names = {data.GetArrayName(i) for i in range(data.GetNumberOfArrays())}
    expect(names == set(expected), "%s: arrays %s, expected %s" % (where, sorted(names),
                                                                    sorted(expected)))
    for name, reference in expected.items():
        array = data.GetArray(name)
        values = vtk_to_numpy(array)
        expect(values.dtype == reference.dtype, "%s: %s is %s, the file holds %s" % (
            where, name, values.dtype, reference.dtype))
        expect(array.GetRange() == (float(reference.min()), float(reference.max())),
               "%s: range of %s is %s, expected %s" % (where, name, array.GetRange(),
                                                        (reference.min(), reference.max())))
        expect(np.array_equal(values, reference), "%s: values of %s differ" % (where, name))


def check_xdmf_file(xmf, h5_path):
    """Opens the sidecar with XDMFReader (XDMF 2), steps through time, compares with h5py."""
    expect(os.path.exists(xmf), "%s is missing" % xmf)
    with h5py.File(h5_path, "r") as h5:
        lesions = lesions_of(h5)
        times = list(h5["snapshots"][lesions[0]]["time_h"][...])
        reader = XDMFReader(FileNames=[xmf])
        reader.UpdatePipelineInformation()
        expect(list(reader.TimestepValues) == times,
               "time steps %s, expected %s" % (list(reader.TimestepValues), times))
        for k, t in enumerate(times):
            reader.UpdatePipeline(t)
            data = servermanager.Fetch(reader)
            if len(lesions) == 1 and data.IsA("vtkImageData"):  # the reader unwraps one grid
                blocks = {lesions[0]: data}
            else:
                expect(data.IsA("vtkMultiBlockDataSet"), "expected one block per lesion")
                blocks = {data.GetMetaData(i).Get(vtkCompositeDataSet.NAME()): data.GetBlock(i)
                          for i in range(data.GetNumberOfBlocks())}
            expect(sorted(blocks) == sorted(lesions), "blocks %s, expected lesions %s" % (
                sorted(blocks), sorted(lesions)))
            for lesion in lesions:
                check_grid(blocks[lesion], h5, lesion, k, "%s t=%g h %s" % (xmf, t, lesion))
    return len(times)


def case_xdmf(args):
    run_isvsim(args, {}, [])
    expect(not os.path.exists("run.part.xmf"), "run.part.xmf left after a completed run")
    n = check_xdmf_file("run.xmf", "run.h5")
    expect(n == len(SNAPSHOT_STEPS), "%d snapshots, expected %d" % (n, len(SNAPSHOT_STEPS)))
    run_isvsim(args, {}, [], scenario=SOLO_SCENARIO, out="solo.h5")
    check_xdmf_file("solo.xmf", "solo.h5")
    print("run.xmf: %d time steps x 2 lesions equal to run.h5; solo.xmf too" % n)


def case_partial(args):
    command = [args.isvsim, "run", os.path.join(args.source_dir, SCENARIO), "-o", "run.h5",
               "--force", "--quiet", "--set", "run.duration_days=365",
               "--set", "output.snapshot_every_h=6"]
    process = subprocess.Popen(command, cwd=args.work_dir, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    def snapshots_listed():
        try:
            with open("run.part.xmf") as sidecar:
                return sidecar.read().count("<Time ") // 2  # two lesions
        except FileNotFoundError:
            return 0
    deadline = time.monotonic() + 60
    while snapshots_listed() < 3 and process.poll() is None:
        expect(time.monotonic() < deadline, "run.part.xmf did not list 3 snapshots in time")
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    expect(process.returncode == 3, "interrupted isvsim exited %d: %s" % (process.returncode, err))
    expect(not os.path.exists("run.xmf"), "run.xmf written for an unfinished run")
    n = check_xdmf_file("run.part.xmf", "run.h5.part")
    expect(n >= 3, "only %d snapshots in the partial run" % n)
    print("run.part.xmf: %d time steps x 2 lesions equal to run.h5.part" % n)


def read_pvtp(path):
    reader = vtkXMLPPolyDataReader()
    reader.SetFileName(path)
    reader.Update()
    return reader.GetOutput()


def check_cell_points(h5, lesion, step, path, counts):
    """A T-cell or DC extract: one point per cell of the HDF5 count, at voxel centres."""
    points = read_pvtp(path)
    times = list(h5["timeseries"]["time_h"][...])
    expected = sum(int(h5["timeseries"][lesion][name][times.index(float(step))])
                   for name in counts)
    expect(points.GetNumberOfPoints() == expected, "%s: %d points, the file counts %d" % (
        path, points.GetNumberOfPoints(), expected))
    if expected == 0:
        return 0
    group = h5["snapshots"][lesion]
    voxel = float(group.attrs["voxel_um"])
    xyz = vtk_to_numpy(points.GetPoints().GetData())
    ijk = vtk_to_numpy(points.GetPointData().GetArray("voxel"))
    expect(np.allclose(xyz, (ijk + 0.5) * voxel), "%s: points are not at voxel centres" % path)
    nz, ny, nx = (int(v) for v in group.attrs["dims_zyx"])
    expect((ijk >= 0).all() and (ijk < [nx, ny, nz]).all(), "%s: points off the lattice" % path)
    return expected


def read_pvti(path):
    reader = vtkXMLPImageDataReader()
    reader.SetFileName(path)
    reader.Update()
    return reader.GetOutput()


def case_extracts(args):
    script = os.path.join(args.source_dir, "output/catalyst/scripts/extracts.py")
    run_isvsim(args, {}, ["--catalyst", script, "--catalyst-every", "24"])
    with h5py.File("run.h5", "r") as h5:
        for lesion in lesions_of(h5):
            times = list(h5["snapshots"][lesion]["time_h"][...])
            files = sorted(glob.glob("catalyst/%s_[0-9]*.pvti" % lesion))
            expect([os.path.basename(f) for f in files] ==
                   ["%s_%06d.pvti" % (lesion, s) for s in SNAPSHOT_STEPS],
                   "%s: extracts %s" % (lesion, files))
            for path, step in zip(files, SNAPSHOT_STEPS):
                grid = read_pvti(path)
                t = grid.GetFieldData().GetArray("TimeValue").GetValue(0)
                expect(t == float(step), "%s: TimeValue %g, expected %d h" % (path, t, step))
                check_grid(grid, h5, lesion, times.index(t), path)
            surfaces = sorted(glob.glob("catalyst/%s_viable_*.pvtp" % lesion))
            expect(len(surfaces) == len(SNAPSHOT_STEPS), "%s: surfaces %s" % (lesion, surfaces))
            reader = vtkXMLPPolyDataReader()
            reader.SetFileName(surfaces[-1])
            reader.Update()
            expect(reader.GetOutput().GetNumberOfCells() > 0, "%s is empty" % surfaces[-1])
    # T cells and dendritic cells, in a run that has them.
    run_isvsim(args, {}, ["--catalyst", script, "--catalyst-every", "24"],
               scenario=IMMUNE_SCENARIO, out="rig.h5")
    with h5py.File("rig.h5", "r") as h5:
        tcells = sum(check_cell_points(h5, "rig", s, "catalyst/rig_tcells_%06d.pvtp" % s,
                                       ["tcells"]) for s in SNAPSHOT_STEPS)
        dcs = sum(check_cell_points(h5, "rig", s, "catalyst/rig_dcs_%06d.pvtp" % s,
                                    ["dcs_immature", "dcs_mature"]) for s in SNAPSHOT_STEPS)
    expect(tcells > 0 and dcs > 0, "the immune rig had %d T cells, %d DCs" % (tcells, dcs))
    print("extracts: %d steps x 2 lesions equal to run.h5; viable surfaces written; "
          "%d T cells and %d DCs as points, as counted in rig.h5" % (len(SNAPSHOT_STEPS),
                                                                      tcells, dcs))


def case_failing(args):
    for script, step in (("failing_script.py", 24), ("exiting_script.py", 0)):
        path = os.path.join(args.source_dir, "tests/paraview/scripts", script)
        result = run_isvsim(args, {}, ["--catalyst", path, "--catalyst-every", "12"])
        warnings = [line for line in result.stderr.splitlines()
                    if line.startswith("isvsim: warning: Catalyst script")]
        expect(len(warnings) == 1, "%s: expected one warning, got:\n%s" % (script,
                                                                          result.stderr))
        expect("failed at step %d " % step in warnings[0], "%s: %s" % (script, warnings[0]))
        with h5py.File("run.h5", "r") as h5:
            for lesion in lesions_of(h5):
                saved = list(h5["snapshots"][lesion]["time_h"][...])
                expect(saved == [float(s) for s in SNAPSHOT_STEPS],
                       "%s: snapshots %s after a failing script" % (script, saved))
        expect(os.path.exists("run.xmf"), "%s: run.xmf missing" % script)
        print("%s: reported once at step %d; HDF5 complete" % (script, step))


class VirtualDisplay:
    """An Xvfb server of our own: `xvfb-run -a` races when two start at once, as under ctest -j;
    with -displayfd Xvfb picks a free display itself."""

    def __enter__(self):
        xvfb = shutil.which("Xvfb")
        if xvfb is None:
            print("SKIP: Xvfb is not installed (Debian package xvfb)")
            sys.exit(SKIP)
        read_end, write_end = os.pipe()
        # -noreset: an X server resets when its last client leaves, and ParaView connects,
        # leaves and connects again while it probes OpenGL; during a reset connections fail.
        self.server = subprocess.Popen(
            [xvfb, "-displayfd", str(write_end), "-screen", "0", "1280x1024x24", "-noreset",
             "-nolisten", "tcp"],
            pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_end)
        with os.fdopen(read_end) as announced:
            display = announced.readline().strip()
        expect(display.isdigit(), "Xvfb did not start")
        os.environ["DISPLAY"] = ":" + display
        return self

    def __exit__(self, *exception):
        self.server.terminate()
        self.server.wait(timeout=30)


def read_png(path):
    reader = vtkPNGReader()
    reader.SetFileName(path)
    reader.Update()
    image = reader.GetOutput()
    width, height = image.GetDimensions()[:2]
    # VTK keeps the bottom row first.
    return vtk_to_numpy(image.GetPointData().GetScalars()).reshape(height, width, -1)[::-1]


def check_png(path):
    pixels = read_png(path)
    expect(pixels.shape[:2] == (560, 800), "%s: size %s" % (path, pixels.shape))
    colours = len(np.unique(pixels.reshape(-1, pixels.shape[2]), axis=0))
    expect(colours >= 5, "%s has only %d colours" % (path, colours))
    return pixels


def render_from_xdmf(args, out_dir, extra=(), xmf="run.xmf"):
    script = os.path.join(args.source_dir, "output/catalyst/scripts/render_midslice.py")
    command = [sys.executable, script, xmf, "--out-dir", out_dir]
    result = subprocess.run(command + list(extra), capture_output=True, text=True, timeout=240)
    expect(result.returncode == 0, "render_midslice.py on run.xmf exited %d\n%s" % (
        result.returncode, result.stderr))


def case_render_xdmf(args):
    with VirtualDisplay():
        render_xdmf(args)


def render_xdmf(args):
    run_isvsim(args, {}, [])
    render_from_xdmf(args, "png")
    for lesion in ("primary", "distant"):
        for step in SNAPSHOT_STEPS:
            check_png("png/%s_midslice_%dh.png" % (lesion, step))
    # With one lesion XDMFReader gives its grid, not a multiblock.
    run_isvsim(args, {}, [], scenario=SOLO_SCENARIO, out="solo.h5")
    render_from_xdmf(args, "solo_png", ["--last"], xmf="solo.xmf")
    check_png("solo_png/solo_midslice_%dh.png" % SNAPSHOT_STEPS[-1])
    print("render from run.xmf: %d PNGs per lesion; one-lesion file too" % len(SNAPSHOT_STEPS))


def case_render(args):
    with VirtualDisplay():
        render_in_situ(args)


def render_in_situ(args):
    script = os.path.join(args.source_dir, "output/catalyst/scripts/render_midslice.py")
    run_isvsim(args, {"timeout": 240}, ["--catalyst", script, "--catalyst-every", "24"])
    render_from_xdmf(args, "from_xdmf", ["--last"])
    for lesion in ("primary", "distant"):
        images = sorted(glob.glob("catalyst/%s_midslice_*.png" % lesion))
        expect([os.path.basename(f) for f in images] ==
               ["%s_midslice_%06d.png" % (lesion, s) for s in SNAPSHOT_STEPS],
               "%s: images %s" % (lesion, images))
        in_situ = check_png(images[-1])
        # The same script on the XDMF file draws the same picture (the title aside).
        afterwards = check_png("from_xdmf/%s_midslice_%dh.png" % (lesion, SNAPSHOT_STEPS[-1]))
        expect(np.array_equal(in_situ[70:], afterwards[70:]),
               "%s: the in-situ picture differs from the one made from run.xmf" % lesion)
    # T cells near the plane are magenta spheres.
    run_isvsim(args, {"timeout": 240}, ["--catalyst", script, "--catalyst-every", "24"],
               scenario=IMMUNE_SCENARIO, out="rig.h5")
    pixels = check_png("catalyst/rig_midslice_%06d.png" % SNAPSHOT_STEPS[-1]).astype(int)
    magenta = (pixels[..., 0] > 90) & (pixels[..., 2] > 90) & (pixels[..., 1] < 40)
    expect(magenta.sum() > 500, "no T cells drawn (%d magenta pixels)" % magenta.sum())
    print("render: %d PNGs per lesion, equal to the pictures made from run.xmf; T cells drawn"
          % len(SNAPSHOT_STEPS))


CASES = {"xdmf": case_xdmf, "partial": case_partial, "render-xdmf": case_render_xdmf,
         "extracts": case_extracts, "failing": case_failing, "render": case_render}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", choices=sorted(CASES))
    parser.add_argument("--isvsim", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--work-dir", required=True)
    args = parser.parse_args()
    args.isvsim = os.path.abspath(args.isvsim)
    args.source_dir = os.path.abspath(args.source_dir)
    shutil.rmtree(args.work_dir, ignore_errors=True)
    os.makedirs(args.work_dir)
    os.chdir(args.work_dir)
    try:
        CASES[args.case](args)
    except Failure as failure:
        print("FAIL: %s" % failure)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
