function f(args)
  return (
end
