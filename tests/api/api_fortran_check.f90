! The Fortran module physgan (src/api/fortran/physgan.f90) over the C API:
! version, errors as a status with the handle's message (the SR options'
! call included), and a physics
! penalty on a Fortran array (terrain.slope on x(w, h, 1, n) with
! non-square cells): value > 0, and its gradient against central
! differences (grad comes back in x's element order). The array layout
! against the command line: examples/ (tests/cli/examples.sh). Exit
! status 1 on any failure.
program api_fortran_check
  use, intrinsic :: iso_c_binding, only: c_float, c_double
  use physgan
  implicit none
  integer, parameter :: n = 2, h = 12, w = 10
  real(c_double), parameter :: dx = 10, dy = 12
  type(physgan_model) :: m
  type(physgan_penalty) :: p
  real(c_float) :: x(w, h, 1, n), g(w, h, 1, n)
  real(c_double) :: v, vp, vm, num, params(1)
  real(c_double), parameter :: eps = 1d-2, atol = 2d-3, rtol = 2d-2
  integer :: st, major, minor, patch, i, j, k, bad, checked
  character(len=:), allocatable :: ver, msg

  bad = 0
  ver = physgan_version(major, minor, patch)
  if (len(ver) == 0 .or. major < 0 .or. minor < 0 .or. patch < 0) then
     print *, 'FAIL: version ', ver
     bad = bad + 1
  end if
  print '(a, a)', 'library ', ver

  ! (Function results into variables first: gfortran may skip an impure
  ! function in a logical expression.)
  st = physgan_open(m, 'nothere.h5')
  msg = physgan_message(m)
  k = physgan_kind(m)
  if (st == PHYSGAN_OK .or. index(msg, 'nothere.h5') == 0 .or. k /= 0) then
     print *, 'FAIL: open of a missing file: ', st, msg
     bad = bad + 1
  end if
  print '(a, a, a, a)', 'open nothere.h5: ', physgan_strerror(st), ': ', msg
  ! The SR options reach the C API: a handle whose open failed holds no
  ! super-resolution model, and the message names the call.
  st = physgan_terrain_set_sr_options(m, 1, 1)
  msg = physgan_message(m)
  if (st /= PHYSGAN_ERR_STATE .or. &
       index(msg, 'physgan_terrain_set_sr_options') == 0) then
     print *, 'FAIL: set_sr_options on a failed handle: ', st, msg
     bad = bad + 1
  end if
  call physgan_close(m)

  ! A 20 % grade along x plus ripples: slopes on both sides of 12 deg.
  do k = 1, n
     do j = 1, h
        do i = 1, w
           x(i, j, 1, k) = real(0.2d0 * (i - 1) * dx + &
                0.8d0 * sin(1.3d0 * i + 0.7d0 * j + k), c_float)
        end do
     end do
  end do
  params(1) = 12
  st = physgan_penalty_open(p, 'terrain.slope', n, 1, h, w, dx, dy, params)
  if (st /= PHYSGAN_OK) then
     print *, 'FAIL: penalty open: ', physgan_penalty_message(p)
     stop 1
  end if
  st = physgan_penalty_eval(p, x, v, g)
  if (st /= PHYSGAN_OK .or. .not. (v > 0)) then
     print *, 'FAIL: penalty eval: ', st, v, physgan_penalty_message(p)
     bad = bad + 1
  end if
  print '(a, es12.5)', 'terrain.slope = ', v
  checked = 0
  do k = 1, n
     do j = 1, h, 3
        do i = 1, w, 2
           x(i, j, 1, k) = x(i, j, 1, k) + real(eps, c_float)
           st = physgan_penalty_eval(p, x, vp)
           x(i, j, 1, k) = x(i, j, 1, k) - real(2 * eps, c_float)
           st = physgan_penalty_eval(p, x, vm)
           x(i, j, 1, k) = x(i, j, 1, k) + real(eps, c_float)
           num = (vp - vm) / (2 * eps)
           checked = checked + 1
           if (abs(num - g(i, j, 1, k)) > atol + rtol * max(abs(num), &
                abs(real(g(i, j, 1, k), c_double)))) then
              print *, 'FAIL: gradient at', i, j, k, g(i, j, 1, k), num
              bad = bad + 1
           end if
        end do
     end do
  end do
  print '(a, i0, a)', 'gradient: ', checked, ' elements against central differences'
  ! Wrong number of parameters: a status and a message naming the count.
  call physgan_penalty_close(p)
  st = physgan_penalty_open(p, 'terrain.slope', n, 1, h, w, dx, dy, &
       [1d0, 2d0])
  msg = physgan_penalty_message(p)
  if (st /= PHYSGAN_ERR_ARG .or. index(msg, 'takes 1 parameter') == 0) then
     print *, 'FAIL: two parameters: ', st, msg
     bad = bad + 1
  end if
  call physgan_penalty_close(p)
  ! terrain.roughness against real samples (here x itself): 0 on a batch
  ! whose patches are all the reference patch, positive on x.
  st = physgan_penalty_open(p, 'terrain.roughness', n, 1, h, w, dx, dy, &
       ref=spread(x(:, :, :, 1), 4, n))
  if (st /= PHYSGAN_OK) then
     print *, 'FAIL: roughness open: ', physgan_penalty_message(p)
     bad = bad + 1
  else
     st = physgan_penalty_eval(p, spread(x(:, :, :, 1), 4, n), vp)
     st = physgan_penalty_eval(p, x, vm)
     print '(a, es12.5, a, es12.5)', 'terrain.roughness = ', vp, &
          ' on the reference, ', vm
     if (abs(vp) > 1d-9 .or. .not. (vm > 0)) bad = bad + 1
  end if
  call physgan_penalty_close(p)
  ! gfortran keeps the main program's allocatables on its stack: freed
  ! here, so that LeakSanitizer (the Sanitize build) sees no leak at exit.
  deallocate(ver, msg)
  if (bad /= 0) stop 1
  print '(a)', 'PASS'
end program api_fortran_check
