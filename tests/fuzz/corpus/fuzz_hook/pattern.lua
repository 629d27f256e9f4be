function f(args)
  return decimal(#string.rep("a", 3000):match(("a?"):rep(30) .. ("a"):rep(30)) or 0)
end
