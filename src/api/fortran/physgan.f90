! physgan: the C API (physgan/physgan.h, docs/api.md) for Fortran 2008
! programs, through iso_c_binding. Installed as libphysgan_fortran with
! physgan.mod (docs/api.md, "Fortran").
!
! Arrays are Fortran arrays in column-major order: a C array of n patches
! of H x W (row-major, n slowest) is the Fortran array a(W, H, n), so the
! fastest index runs along x (west to east) in both. They must be
! contiguous. Every function returns the C API's status (PHYSGAN_OK = 0);
! physgan_message gives the handle's message after an error.
module physgan
  use, intrinsic :: iso_c_binding, only: c_int, c_long, c_int32_t, &
       c_int64_t, c_float, c_double, c_char, c_ptr, c_null_ptr, &
       c_null_char, c_associated, c_f_pointer, c_size_t, c_loc
  implicit none
  private

  integer, parameter, public :: PHYSGAN_OK = 0, PHYSGAN_ERR_ARG = 1, &
       PHYSGAN_ERR_CONFIG = 2, PHYSGAN_ERR_IO = 3, PHYSGAN_ERR_FORMAT = 4, &
       PHYSGAN_ERR_NOMEM = 5, PHYSGAN_ERR_SHAPE = 6, &
       PHYSGAN_ERR_NUMERIC = 7, PHYSGAN_ERR_MPI = 8, PHYSGAN_ERR_STATE = 9, &
       PHYSGAN_ERR_INTERNAL = 10
  integer, parameter, public :: PHYSGAN_KIND_TERRAIN_GAN = 1, &
       PHYSGAN_KIND_TERRAIN_CYCLEGAN = 2, PHYSGAN_KIND_TERRAIN_SR = 3, &
       PHYSGAN_KIND_FOAM_SURROGATE = 4
  integer, parameter, public :: PHYSGAN_OPEN_EMA = 1

  ! A checkpoint opened for inference; one per thread.
  type, public :: physgan_model
     type(c_ptr) :: h = c_null_ptr
  end type physgan_model
  ! A named physics penalty.
  type, public :: physgan_penalty
     type(c_ptr) :: h = c_null_ptr
  end type physgan_penalty

  public :: physgan_version, physgan_strerror, physgan_open, physgan_close, &
       physgan_message, physgan_kind, physgan_arch, physgan_step, &
       physgan_input_shape, physgan_output_shape, physgan_cell_size, &
       physgan_sr_factor, physgan_step_mcs, physgan_terrain_generate, &
       physgan_terrain_condition, physgan_terrain_set_sr_options, &
       physgan_foam_step, &
       physgan_foam_set_options, physgan_penalty_open, &
       physgan_penalty_close, physgan_penalty_message, physgan_penalty_eval

  interface
     function c_strlen(s) bind(C, name="strlen") result(n)
       import :: c_ptr, c_size_t
       type(c_ptr), value :: s
       integer(c_size_t) :: n
     end function c_strlen
     function c_version(major, minor, patch) bind(C, name="physgan_version")
       import :: c_ptr, c_int
       integer(c_int), intent(out) :: major, minor, patch
       type(c_ptr) :: c_version
     end function c_version
     function c_strerror(st) bind(C, name="physgan_strerror")
       import :: c_ptr, c_int
       integer(c_int), value :: st
       type(c_ptr) :: c_strerror
     end function c_strerror
     function c_open(path, data, flags, m) bind(C, name="physgan_open")
       import :: c_char, c_ptr, c_int
       character(kind=c_char), intent(in) :: path(*)
       type(c_ptr), value :: data
       integer(c_int), value :: flags
       type(c_ptr), intent(out) :: m
       integer(c_int) :: c_open
     end function c_open
     subroutine c_close(m) bind(C, name="physgan_close")
       import :: c_ptr
       type(c_ptr), intent(inout) :: m
     end subroutine c_close
     function c_model_message(m) bind(C, name="physgan_model_message")
       import :: c_ptr
       type(c_ptr), value :: m
       type(c_ptr) :: c_model_message
     end function c_model_message
     function c_model_kind(m) bind(C, name="physgan_model_kind")
       import :: c_ptr, c_int
       type(c_ptr), value :: m
       integer(c_int) :: c_model_kind
     end function c_model_kind
     function c_model_arch(m) bind(C, name="physgan_model_arch")
       import :: c_ptr
       type(c_ptr), value :: m
       type(c_ptr) :: c_model_arch
     end function c_model_arch
     function c_model_step(m) bind(C, name="physgan_model_step")
       import :: c_ptr, c_long
       type(c_ptr), value :: m
       integer(c_long) :: c_model_step
     end function c_model_step
     function c_input_shape(m, c, h, w) &
          bind(C, name="physgan_model_input_shape")
       import :: c_ptr, c_int
       type(c_ptr), value :: m
       integer(c_int), intent(out) :: c, h, w
       integer(c_int) :: c_input_shape
     end function c_input_shape
     function c_output_shape(m, c, h, w) &
          bind(C, name="physgan_model_output_shape")
       import :: c_ptr, c_int
       type(c_ptr), value :: m
       integer(c_int), intent(out) :: c, h, w
       integer(c_int) :: c_output_shape
     end function c_output_shape
     function c_cell_size(m, dx, dy) bind(C, name="physgan_model_cell_size")
       import :: c_ptr, c_int, c_double
       type(c_ptr), value :: m
       real(c_double), intent(out) :: dx, dy
       integer(c_int) :: c_cell_size
     end function c_cell_size
     function c_sr_factor(m) bind(C, name="physgan_model_sr_factor")
       import :: c_ptr, c_int
       type(c_ptr), value :: m
       integer(c_int) :: c_sr_factor
     end function c_sr_factor
     function c_step_mcs(m) bind(C, name="physgan_model_step_mcs")
       import :: c_ptr, c_double
       type(c_ptr), value :: m
       real(c_double) :: c_step_mcs
     end function c_step_mcs
     function c_generate(m, seed, first, n, out) &
          bind(C, name="physgan_terrain_generate")
       import :: c_ptr, c_int, c_long, c_int64_t, c_float
       type(c_ptr), value :: m
       integer(c_int64_t), value :: seed
       integer(c_long), value :: first, n
       real(c_float), intent(out) :: out(*)
       integer(c_int) :: c_generate
     end function c_generate
     function c_condition(m, n, h, w, in, out) &
          bind(C, name="physgan_terrain_condition")
       import :: c_ptr, c_int, c_long, c_float
       type(c_ptr), value :: m
       integer(c_long), value :: n
       integer(c_int), value :: h, w
       real(c_float), intent(in) :: in(*)
       real(c_float), intent(out) :: out(*)
       integer(c_int) :: c_condition
     end function c_condition
     function c_set_sr_options(m, flip_ensemble, drain) &
          bind(C, name="physgan_terrain_set_sr_options")
       import :: c_ptr, c_int
       type(c_ptr), value :: m
       integer(c_int), value :: flip_ensemble, drain
       integer(c_int) :: c_set_sr_options
     end function c_set_sr_options
     function c_foam_step(m, n, h, w, coarse, steps, labels, out) &
          bind(C, name="physgan_foam_step")
       import :: c_ptr, c_int, c_long, c_int32_t
       type(c_ptr), value :: m
       integer(c_long), value :: n
       integer(c_int), value :: h, w, coarse, steps
       integer(c_int32_t), intent(in) :: labels(*)
       integer(c_int32_t), intent(out) :: out(*)
       integer(c_int) :: c_foam_step
     end function c_foam_step
     function c_foam_set_options(m, min_bubble, project) &
          bind(C, name="physgan_foam_set_options")
       import :: c_ptr, c_int
       type(c_ptr), value :: m
       integer(c_int), value :: min_bubble, project
       integer(c_int) :: c_foam_set_options
     end function c_foam_set_options
     function c_penalty_open(name, n, c, h, w, dx, dy, params, n_params, &
          ref, n_ref, p) bind(C, name="physgan_penalty_open_reference")
       import :: c_char, c_int, c_long, c_double, c_ptr
       character(kind=c_char), intent(in) :: name(*)
       integer(c_int), value :: n, c, h, w, n_params
       real(c_double), value :: dx, dy
       type(c_ptr), value :: params, ref
       integer(c_long), value :: n_ref
       type(c_ptr), intent(out) :: p
       integer(c_int) :: c_penalty_open
     end function c_penalty_open
     subroutine c_penalty_close(p) bind(C, name="physgan_penalty_close")
       import :: c_ptr
       type(c_ptr), intent(inout) :: p
     end subroutine c_penalty_close
     function c_penalty_message(p) bind(C, name="physgan_penalty_message")
       import :: c_ptr
       type(c_ptr), value :: p
       type(c_ptr) :: c_penalty_message
     end function c_penalty_message
     function c_penalty_eval(p, x, cond, value, grad) &
          bind(C, name="physgan_penalty_eval")
       import :: c_ptr, c_int, c_double
       type(c_ptr), value :: p, x, cond, grad
       real(c_double), intent(out) :: value
       integer(c_int) :: c_penalty_eval
     end function c_penalty_eval
  end interface

contains

  ! A C string (NUL-terminated, not owned) as a Fortran string.
  function f_string(p) result(s)
    type(c_ptr), intent(in) :: p
    character(len=:), allocatable :: s
    character(kind=c_char), pointer :: chars(:)
    integer :: i, n
    if (.not. c_associated(p)) then
       s = ''
       return
    end if
    n = int(c_strlen(p))
    call c_f_pointer(p, chars, [n])
    allocate(character(len=n) :: s)
    do i = 1, n
       s(i:i) = chars(i)
    end do
  end function f_string

  ! A Fortran string as a NUL-terminated C string (trailing blanks off).
  function c_string(s) result(c)
    character(len=*), intent(in) :: s
    character(kind=c_char, len=:), allocatable :: c
    c = trim(s) // c_null_char
  end function c_string

  ! The library's version; returns it as text ("0.1.0").
  function physgan_version(major, minor, patch) result(v)
    integer, intent(out), optional :: major, minor, patch
    character(len=:), allocatable :: v
    integer(c_int) :: a, b, c
    v = f_string(c_version(a, b, c))
    if (present(major)) major = a
    if (present(minor)) minor = b
    if (present(patch)) patch = c
  end function physgan_version

  function physgan_strerror(status) result(s)
    integer, intent(in) :: status
    character(len=:), allocatable :: s
    s = f_string(c_strerror(int(status, c_int)))
  end function physgan_strerror

  ! Open checkpoint path (docs/api.md, "Models"). data: the training data
  ! file of old terrain GAN checkpoints; ema: the EMA generator weights.
  ! On an error the model still holds the message: close it.
  function physgan_open(model, path, data, ema) result(st)
    type(physgan_model), intent(out) :: model
    character(len=*), intent(in) :: path
    character(len=*), intent(in), optional :: data
    logical, intent(in), optional :: ema
    integer :: st
    character(kind=c_char, len=:), allocatable, target :: cdata
    type(c_ptr) :: pdata
    integer(c_int) :: flags
    flags = 0
    if (present(ema)) then
       if (ema) flags = PHYSGAN_OPEN_EMA
    end if
    pdata = c_null_ptr
    if (present(data)) then
       cdata = c_string(data)
       pdata = c_loc(cdata)
    end if
    st = c_open(c_string(path), pdata, flags, model%h)
  end function physgan_open

  subroutine physgan_close(model)
    type(physgan_model), intent(inout) :: model
    call c_close(model%h)
  end subroutine physgan_close

  function physgan_message(model) result(s)
    type(physgan_model), intent(in) :: model
    character(len=:), allocatable :: s
    s = f_string(c_model_message(model%h))
  end function physgan_message

  integer function physgan_kind(model)
    type(physgan_model), intent(in) :: model
    physgan_kind = c_model_kind(model%h)
  end function physgan_kind

  function physgan_arch(model) result(s)
    type(physgan_model), intent(in) :: model
    character(len=:), allocatable :: s
    s = f_string(c_model_arch(model%h))
  end function physgan_arch

  integer function physgan_step(model)
    type(physgan_model), intent(in) :: model
    physgan_step = int(c_model_step(model%h))
  end function physgan_step

  ! Per sample: channels x height x width (C order; the Fortran array of
  ! one sample is (width, height)).
  function physgan_input_shape(model, c, h, w) result(st)
    type(physgan_model), intent(in) :: model
    integer, intent(out) :: c, h, w
    integer :: st
    integer(c_int) :: cc, ch, cw
    st = c_input_shape(model%h, cc, ch, cw)
    c = cc
    h = ch
    w = cw
  end function physgan_input_shape

  function physgan_output_shape(model, c, h, w) result(st)
    type(physgan_model), intent(in) :: model
    integer, intent(out) :: c, h, w
    integer :: st
    integer(c_int) :: cc, ch, cw
    st = c_output_shape(model%h, cc, ch, cw)
    c = cc
    h = ch
    w = cw
  end function physgan_output_shape

  function physgan_cell_size(model, dx, dy) result(st)
    type(physgan_model), intent(in) :: model
    real(c_double), intent(out) :: dx, dy
    integer :: st
    st = c_cell_size(model%h, dx, dy)
  end function physgan_cell_size

  integer function physgan_sr_factor(model)
    type(physgan_model), intent(in) :: model
    physgan_sr_factor = c_sr_factor(model%h)
  end function physgan_sr_factor

  real(c_double) function physgan_step_mcs(model)
    type(physgan_model), intent(in) :: model
    physgan_step_mcs = c_step_mcs(model%h)
  end function physgan_step_mcs

  ! Patches first .. first + n - 1 of seed's stream, n = size(out, 3),
  ! into out(W, H, n), metres.
  function physgan_terrain_generate(model, seed, first, out) result(st)
    type(physgan_model), intent(inout) :: model
    integer(c_int64_t), intent(in) :: seed
    integer, intent(in) :: first
    real(c_float), intent(out), contiguous :: out(:, :, :)
    integer :: st
    st = c_generate(model%h, seed, int(first, c_long), &
         int(size(out, 3), c_long), out)
  end function physgan_terrain_generate

  ! in(w, h, n) -> out(w f, h f, n) (CycleGAN: f = 1; SR: sr_factor).
  function physgan_terrain_condition(model, in, out) result(st)
    type(physgan_model), intent(inout) :: model
    real(c_float), intent(in), contiguous :: in(:, :, :)
    real(c_float), intent(out), contiguous :: out(:, :, :)
    integer :: st, f
    f = physgan_sr_factor(model)
    if (size(out, 1) /= size(in, 1) * f .or. size(out, 2) /= size(in, 2) * f &
         .or. size(out, 3) /= size(in, 3)) then
       st = PHYSGAN_ERR_SHAPE
       return
    end if
    st = c_condition(model%h, int(size(in, 3), c_long), &
         int(size(in, 2), c_int), int(size(in, 1), c_int), in, out)
  end function physgan_terrain_condition

  ! Super-resolution: generate's --flip-ensemble (1) and --drain (1) for
  ! later physgan_terrain_condition calls on this model.
  function physgan_terrain_set_sr_options(model, flip_ensemble, drain) &
       result(st)
    type(physgan_model), intent(inout) :: model
    integer, intent(in) :: flip_ensemble, drain
    integer :: st
    st = c_set_sr_options(model%h, int(flip_ensemble, c_int), &
         int(drain, c_int))
  end function physgan_terrain_set_sr_options

  ! steps surrogate steps of the frames labels(w, h, n) into out (same
  ! shape), on a grid coarse times coarser.
  function physgan_foam_step(model, labels, coarse, steps, out) result(st)
    type(physgan_model), intent(inout) :: model
    integer(c_int32_t), intent(in), contiguous :: labels(:, :, :)
    integer, intent(in) :: coarse, steps
    integer(c_int32_t), intent(out), contiguous :: out(:, :, :)
    integer :: st
    if (any(shape(out) /= shape(labels))) then
       st = PHYSGAN_ERR_SHAPE
       return
    end if
    st = c_foam_step(model%h, int(size(labels, 3), c_long), &
         int(size(labels, 2), c_int), int(size(labels, 1), c_int), &
         int(coarse, c_int), int(steps, c_int), labels, out)
  end function physgan_foam_step

  ! rollout's --min-bubble (0: the job's) and --no-project (project 0) for
  ! later physgan_foam_step calls on this model.
  function physgan_foam_set_options(model, min_bubble, project) result(st)
    type(physgan_model), intent(inout) :: model
    integer, intent(in) :: min_bubble, project
    integer :: st
    st = c_foam_set_options(model%h, int(min_bubble, c_int), &
         int(project, c_int))
  end function physgan_foam_set_options

  ! Penalty name for batches of n x c x h x w (the Fortran array x(w, h,
  ! c, n)), cells dx x dy; params: the kind's parameters (absent: the
  ! defaults); ref(w, h, c, n_ref): real samples for the kinds that compare
  ! with a statistic of real data (terrain.roughness).
  function physgan_penalty_open(pen, name, n, c, h, w, dx, dy, params, ref) &
       result(st)
    type(physgan_penalty), intent(out) :: pen
    character(len=*), intent(in) :: name
    integer, intent(in) :: n, c, h, w
    real(c_double), intent(in) :: dx, dy
    real(c_double), intent(in), optional, target, contiguous :: params(:)
    real(c_float), intent(in), optional, target, contiguous :: &
         ref(:, :, :, :)
    integer :: st
    type(c_ptr) :: pp, pr
    integer(c_int) :: np
    integer(c_long) :: nr
    pp = c_null_ptr
    np = 0
    pr = c_null_ptr
    nr = 0
    if (present(ref)) then
       if (size(ref, 1) /= w .or. size(ref, 2) /= h .or. size(ref, 3) /= c) &
            then
          st = PHYSGAN_ERR_SHAPE
          return
       end if
       pr = c_loc(ref)
       nr = int(size(ref, 4), c_long)
    end if
    if (present(params)) then
       if (size(params) > 0) then
          pp = c_loc(params(1))
          np = int(size(params), c_int)
       end if
    end if
    st = c_penalty_open(c_string(name), int(n, c_int), int(c, c_int), &
         int(h, c_int), int(w, c_int), dx, dy, pp, np, pr, nr, pen%h)
  end function physgan_penalty_open

  subroutine physgan_penalty_close(pen)
    type(physgan_penalty), intent(inout) :: pen
    call c_penalty_close(pen%h)
  end subroutine physgan_penalty_close

  function physgan_penalty_message(pen) result(s)
    type(physgan_penalty), intent(in) :: pen
    character(len=:), allocatable :: s
    s = f_string(c_penalty_message(pen%h))
  end function physgan_penalty_message

  ! value of the penalty at x (w, h, c, n) and, when grad is present, its
  ! gradient (x's shape); cond: the conditioning frames (foam.mass).
  function physgan_penalty_eval(pen, x, value, grad, cond) result(st)
    type(physgan_penalty), intent(inout) :: pen
    real(c_float), intent(in), target, contiguous :: x(:, :, :, :)
    real(c_double), intent(out) :: value
    real(c_float), intent(out), optional, target, contiguous :: &
         grad(:, :, :, :)
    real(c_float), intent(in), optional, target, contiguous :: &
         cond(:, :, :, :)
    integer :: st
    type(c_ptr) :: pg, pc
    pg = c_null_ptr
    pc = c_null_ptr
    if (present(grad)) then
       if (any(shape(grad) /= shape(x))) then
          st = PHYSGAN_ERR_SHAPE
          return
       end if
       pg = c_loc(grad)
    end if
    if (present(cond)) then
       if (any(shape(cond) /= shape(x))) then
          st = PHYSGAN_ERR_SHAPE
          return
       end if
       pc = c_loc(cond)
    end if
    st = c_penalty_eval(pen%h, c_loc(x), pc, value, pg)
  end function physgan_penalty_eval

end module physgan
