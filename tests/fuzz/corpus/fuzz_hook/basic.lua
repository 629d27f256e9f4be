function f(args)
  return args["预算数"] * args["系数"], "ok"
end
