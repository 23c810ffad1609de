! Example: the foam surrogate inside a Fortran program, through the
! physgan module (docs/api.md, "Fortran").
!
!   foam_step CKPT.h5 LABELS.i32 N H W COARSE STEPS OUT.i32
!
! Reads N frames of H x W bubble labels (raw int32, C order: n slowest,
! then y, then x, the Fortran array labels(W, H, N)), advances them STEPS
! surrogate steps on a grid COARSE times coarser and writes the frames to
! OUT.i32 the same way: bit for bit the last frame of
! `physgan rollout CKPT.h5 --init F:all:T --steps STEPS --coarse COARSE`
! from the same frames. Build: examples/CMakeLists.txt or
!   gfortran foam_step.f90 $(pkg-config --cflags --libs physgan-fortran)
program foam_step
  use, intrinsic :: iso_c_binding, only: c_int32_t
  use physgan
  implicit none
  type(physgan_model) :: m
  integer(c_int32_t), allocatable :: labels(:, :, :), out(:, :, :)
  character(len=4096) :: ckpt, inpath, outpath, arg
  integer :: n, h, w, coarse, steps, st, u, ios

  if (command_argument_count() /= 8) then
     write (*, '(a)') 'usage: foam_step CKPT.h5 LABELS.i32 N H W COARSE STEPS OUT.i32'
     stop 2
  end if
  call get_command_argument(1, ckpt)
  call get_command_argument(2, inpath)
  call get_command_argument(3, arg)
  read (arg, *) n
  call get_command_argument(4, arg)
  read (arg, *) h
  call get_command_argument(5, arg)
  read (arg, *) w
  call get_command_argument(6, arg)
  read (arg, *) coarse
  call get_command_argument(7, arg)
  read (arg, *) steps
  call get_command_argument(8, outpath)

  st = physgan_open(m, ckpt)
  if (st /= PHYSGAN_OK) then
     write (*, '(a)') 'foam_step: ' // physgan_message(m)
     call physgan_close(m)
     stop 1
  end if
  if (physgan_kind(m) /= PHYSGAN_KIND_FOAM_SURROGATE) then
     write (*, '(a)') 'foam_step: not a foam surrogate: ' // physgan_arch(m)
     call physgan_close(m)
     stop 1
  end if
  write (*, '(a, a, a, a, i0, a, f0.1, a)') trim(ckpt), ': ', &
       physgan_arch(m), ' at step ', physgan_step(m), ', ', &
       physgan_step_mcs(m) * coarse * coarse, ' MCS per step on this grid'

  allocate(labels(w, h, n), out(w, h, n))
  open (newunit=u, file=inpath, access='stream', form='unformatted', &
       status='old', action='read', iostat=ios)
  if (ios == 0) read (u, iostat=ios) labels
  if (ios /= 0) then
     write (*, '(a)') 'foam_step: cannot read ' // trim(inpath)
     stop 1
  end if
  close (u)

  st = physgan_foam_step(m, labels, coarse, steps, out)
  if (st /= PHYSGAN_OK) then
     write (*, '(a)') 'foam_step: ' // physgan_strerror(st) // ': ' // &
          physgan_message(m)
     call physgan_close(m)
     stop 1
  end if
  write (*, '(a, i0, a, i0, a, i0, a)') 'stepped ', n, ' frames of ', h, &
       ' x ', w, ' sites'
  open (newunit=u, file=outpath, access='stream', form='unformatted', &
       status='replace', action='write', iostat=ios)
  if (ios == 0) write (u, iostat=ios) out
  if (ios == 0) close (u, iostat=ios)
  if (ios /= 0) then
     write (*, '(a)') 'foam_step: cannot write ' // trim(outpath)
     stop 1
  end if
  deallocate(labels, out)
  call physgan_close(m)
end program foam_step
