var En=Object.defineProperty;var xn=(e,a,r)=>a in e?En(e,a,{enumerable:!0,configurable:!0,writable:!0,value:r}):e[a]=r;var te=(e,a,r)=>xn(e,typeof a!="symbol"?a+"":a,r);function H(e){return e===null?"null":Array.isArray(e)?"array":typeof e}function ae(e){return H(e)==="object"}function An(e){return Array.isArray(e)&&e.length>0&&e.every(a=>"message"in a)}function Fe(e,a){return e.length<124?e:a}var dt="graphql-transport-ws";var V=(e=>(e[e.InternalServerError=4500]="InternalServerError",e[e.InternalClientError=4005]="InternalClientError",e[e.BadRequest=4400]="BadRequest",e[e.BadResponse=4004]="BadResponse",e[e.Unauthorized=4401]="Unauthorized",e[e.Forbidden=4403]="Forbidden",e[e.SubprotocolNotAcceptable=4406]="SubprotocolNotAcceptable",e[e.ConnectionInitialisationTimeout=4408]="ConnectionInitialisationTimeout",e[e.ConnectionAcknowledgementTimeout=4504]="ConnectionAcknowledgementTimeout",e[e.SubscriberAlreadyExists=4409]="SubscriberAlreadyExists",e[e.TooManyInitialisationRequests=4429]="TooManyInitialisationRequests",e))(V||{}),G=(e=>(e.ConnectionInit="connection_init",e.ConnectionAck="connection_ack",e.Ping="ping",e.Pong="pong",e.Subscribe="subscribe",e.Next="next",e.Error="error",e.Complete="complete",e))(G||{});function mt(e){if(!ae(e))throw new Error(`Message is expected to be an object, but got ${H(e)}`);if(!e.type)throw new Error("Message is missing the 'type' property");if(typeof e.type!="string")throw new Error(`Message is expects the 'type' property to be a string, but got ${H(e.type)}`);switch(e.type){case"connection_init":case"connection_ack":case"ping":case"pong":{if(e.payload!=null&&!ae(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an object or nullish or missing, but got "${e.payload}"`);break}case"subscribe":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${H(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);if(!ae(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an object, but got ${H(e.payload)}`);if(typeof e.payload.query!="string")throw new Error(`"${e.type}" message payload expects the 'query' property to be a string, but got ${H(e.payload.query)}`);if(e.payload.variables!=null&&!ae(e.payload.variables))throw new Error(`"${e.type}" message payload expects the 'variables' property to be a an object or nullish or missing, but got ${H(e.payload.variables)}`);if(e.payload.operationName!=null&&H(e.payload.operationName)!=="string")throw new Error(`"${e.type}" message payload expects the 'operationName' property to be a string or nullish or missing, but got ${H(e.payload.operationName)}`);if(e.payload.extensions!=null&&!ae(e.payload.extensions))throw new Error(`"${e.type}" message payload expects the 'extensions' property to be a an object or nullish or missing, but got ${H(e.payload.extensions)}`);break}case"next":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${H(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);if(!ae(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an object, but got ${H(e.payload)}`);break}case"error":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${H(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);if(!An(e.payload))throw new Error(`"${e.type}" message expects the 'payload' property to be an array of GraphQL errors, but got ${JSON.stringify(e.payload)}`);break}case"complete":{if(typeof e.id!="string")throw new Error(`"${e.type}" message expects the 'id' property to be a string, but got ${H(e.id)}`);if(!e.id)throw new Error(`"${e.type}" message requires a non-empty 'id' property`);break}default:throw new Error(`Invalid message 'type' property "${e.type}"`)}return e}function pt(e,a){return mt(typeof e=="string"?JSON.parse(e,a):e)}function le(e,a){return mt(e),JSON.stringify(e,a)}function He(e){let{url:a,connectionParams:r,lazy:s=!0,onNonLazyError:o=console.error,lazyCloseTimeout:c=0,keepAlive:i=0,disablePong:m,connectionAckWaitTimeout:u=0,retryAttempts:E=5,retryWait:l=async function(N){let w=Math.pow(2,N);await new Promise(T=>setTimeout(T,w*1e3+Math.floor(Math.random()*2700+300)))},shouldRetry:p=qe,on:d,webSocketImpl:f,generateID:y=function(){return"xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g,N=>{let w=Math.random()*16|0;return(N=="x"?w:w&3|8).toString(16)})},jsonMessageReplacer:S,jsonMessageReviver:M}=e,L;if(f){if(!kn(f))throw new Error("Invalid WebSocket implementation provided");L=f}else typeof WebSocket<"u"?L=WebSocket:typeof global<"u"?L=global.WebSocket||global.MozWebSocket:typeof window<"u"&&(L=window.WebSocket||window.MozWebSocket);if(!L)throw new Error("WebSocket implementation missing; on Node you can `import WebSocket from 'ws';` and pass `webSocketImpl: WebSocket` to `createClient`");let F=L,O=(()=>{let g=(()=>{let w={};return{on(T,R){return w[T]=R,()=>{delete w[T]}},emit(T){"id"in T&&w[T.id]?.(T)}}})(),N={connecting:d?.connecting?[d.connecting]:[],opened:d?.opened?[d.opened]:[],connected:d?.connected?[d.connected]:[],ping:d?.ping?[d.ping]:[],pong:d?.pong?[d.pong]:[],message:d?.message?[g.emit,d.message]:[g.emit],closed:d?.closed?[d.closed]:[],error:d?.error?[d.error]:[]};return{onMessage:g.on,on(w,T){let R=N[w];return R.push(T),()=>{let C=R.indexOf(T);C>-1&&R.splice(C,1)}},emit(w,...T){for(let R of[...N[w]])R(...T)}}})();function ne(g){let N=[O.on("error",w=>{N.forEach(T=>T()),g(w)}),O.on("closed",w=>{N.forEach(T=>T()),g(w)})];return()=>N.forEach(w=>w())}let Q,k=0,W,ee=!1,ie=0,be=!1;async function Te(){clearTimeout(W);let[g,N]=await(Q??(Q=new Promise((R,C)=>(async()=>{if(ee){if(await l(ie),!k)return Q=void 0,C({code:1e3,reason:"All Subscriptions Gone"});ie++}O.emit("connecting",ee);let A=new F(typeof a=="function"?await a():a,dt),q,K;function re(){isFinite(i)&&i>0&&(clearTimeout(K),K=setTimeout(()=>{A.readyState===F.OPEN&&(A.send(le({type:G.Ping})),O.emit("ping",!1,void 0))},i))}ne(_=>{Q=void 0,clearTimeout(q),clearTimeout(K),C(_),_ instanceof we&&(A.close(4499,"Terminated"),A.onerror=null,A.onclose=null)}),A.onerror=_=>O.emit("error",_),A.onclose=_=>O.emit("closed",_),A.onopen=async()=>{try{O.emit("opened",A);let _=typeof r=="function"?await r():r;if(A.readyState!==F.OPEN)return;A.send(le(_?{type:G.ConnectionInit,payload:_}:{type:G.ConnectionInit},S)),isFinite(u)&&u>0&&(q=setTimeout(()=>{A.close(V.ConnectionAcknowledgementTimeout,"Connection acknowledgement timeout")},u)),re()}catch(_){O.emit("error",_),A.close(V.InternalClientError,Fe(_ instanceof Error?_.message:String(_),"Internal client error"))}};let Y=!1;A.onmessage=({data:_})=>{try{let B=pt(_,M);if(O.emit("message",B),B.type==="ping"||B.type==="pong"){O.emit(B.type,!0,B.payload),B.type==="pong"?re():m||(A.send(le(B.payload?{type:G.Pong,payload:B.payload}:{type:G.Pong},S)),O.emit("pong",!1,B.payload));return}if(Y)return;if(B.type!==G.ConnectionAck)throw new Error(`First message cannot be of type ${B.type}`);clearTimeout(q),Y=!0,O.emit("connected",A,B.payload,ee),ee=!1,ie=0;let ct=new Promise((Na,In)=>ne(In));ct.catch(()=>{}),R([A,ct])}catch(B){A.onmessage=null,O.emit("error",B),A.close(V.BadResponse,Fe(B instanceof Error?B.message:String(B),"Bad response"))}}})())));g.readyState===F.CLOSING&&await N;let w=()=>{},T=new Promise(R=>w=R);return[g,w,new Promise((R,C)=>{let A=ne(C);g.readyState!==F.OPEN&&N.catch(C),T.then(()=>{if(A(),!k){let q=()=>g.close(1e3,"Normal Closure");isFinite(c)&&c>0?(clearTimeout(W),W=setTimeout(()=>{!k&&g.readyState===F.OPEN&&q()},c)):q()}R()})})]}function v(g){if(qe(g)&&(Tn(g.code)||[V.InternalServerError,V.InternalClientError,V.BadRequest,V.BadResponse,V.Unauthorized,V.SubprotocolNotAcceptable,V.SubscriberAlreadyExists,V.TooManyInitialisationRequests].includes(g.code)))throw g;if(be)return!1;if(qe(g)&&g.code===1e3)return k>0;if(!E||ie>=E||!p(g))throw g;return ee=!0}s||(async()=>{for(k++;;)try{let[,,g]=await Te();await g}catch(g){try{if(!v(g))return}catch(N){return o?.(N)}}})();function D(g,N){let w=y(g),T=!1,R=!1,C=()=>{k--,T=!0};return(async()=>{for(k++;;)try{let[A,q,K]=await Te();if(T)return K.catch(()=>{}),q();let re=O.onMessage(w,Y=>{switch(Y.type){case G.Next:{N.next(Y.payload);return}case G.Error:{R=!0,T=!0,N.error(Y.payload),C();return}case G.Complete:{T=!0,C();return}}});A.send(le({id:w,type:G.Subscribe,payload:g},S)),C=()=>{!T&&A.readyState===F.OPEN&&A.send(le({id:w,type:G.Complete},S)),k--,T=!0,q()},await K.finally(re);return}catch(A){if(!v(A))return}})().then(()=>{R||N.complete()}).catch(A=>{N.error(A)}),()=>{T||C()}}return{on:O.on,subscribe:D,iterate(g){let N=[],w={done:!1,error:null,resolve:()=>{}},T=D(g,{next(C){N.push(C),w.resolve()},error(C){w.done=!0,w.error=C,w.resolve()},complete(){w.done=!0,w.resolve()}}),R=(async function*(){for(;;){for(N.length||await new Promise(A=>w.resolve=A);N.length;)yield N.shift();if(w.error)throw w.error;if(w.done)return}})();return R.throw=async C=>(w.done||(w.done=!0,w.error=C,w.resolve()),{done:!0,value:void 0}),R.return=async()=>(T(),{done:!0,value:void 0}),R},async dispose(){if(be=!0,Q){let[g]=await Q;g.close(1e3,"Normal Closure")}},terminate(){Q&&O.emit("closed",new we)}}}var we=class extends Error{constructor(){super(...arguments);te(this,"name","TerminatedCloseEvent");te(this,"message","4499: Terminated");te(this,"code",4499);te(this,"reason","Terminated");te(this,"wasClean",!1)}};function qe(e){return ae(e)&&"code"in e&&"reason"in e}function Tn(e){return[1e3,1001,1006,1005,1012,1013,1014].includes(e)?!1:e>=1e3&&e<=1999}function kn(e){return typeof e=="function"&&"constructor"in e&&"CLOSED"in e&&"CLOSING"in e&&"CONNECTING"in e&&"OPEN"in e}var ut={"app.title":"Kassa wallet","app.unreachable":"Cannot reach Kassa at {url}: {error}","lang.en":"English","lang.ru":"\u0420\u0443\u0441\u0441\u043A\u0438\u0439","nav.wallet":"My wallet","nav.cashier":"Wallet top-up","nav.cashiers":"Cashiers","nav.paymentSystems":"Payment systems","nav.audit":"Audit log","nav.report":"Report","nav.language":"Language","nav.signOut":"Sign out","notFound.title":"Page not found","notFound.back":"Back to my wallet","common.yes":"yes","common.no":"no","action.cancel":"Cancel","action.copy":"Copy","action.edit":"Edit","action.remove":"Remove","action.save":"Save","action.search":"Search","field.amount":"Amount","field.email":"Email","field.name":"Name","field.password":"Password","field.newPassword":"Password (8 to 128 characters)","field.initialPassword":"Initial password","field.paymentSystem":"Payment system","field.reason":"Reason","form.badAmount":"The amount must look like 1250 or 1250.50 (digits, a dot, at most 2 decimals).","form.sending":"Sending\u2026","form.retry":"Retry: {verb}","form.retryHint":"{error} Press the button again: it is safe, the same request is sent again.","widget.balance":"Balance","widget.socket.connected":"live","widget.socket.connecting":"connecting\u2026","widget.socket.closed":"reconnecting\u2026","widget.socket.error":"connection error","login.signIn":"Sign in","login.signingIn":"Signing in\u2026","login.signUp":"Sign up","login.creating":"Creating your wallet\u2026","login.newHere":"New here? Create a wallet","login.wrong":"Wrong email or password.","login.signUpRefused":"The email is invalid or already registered, or the password is not 8 to 128 characters.","login.api":"API: {url}","wallet.number":"Wallet number","wallet.tellCashier":"Tell this number to the cashier when you top up.","wallet.howToTopUp":"How to top up at a cashier","wallet.step1":"Pay the amount you want through one of these payment systems:","wallet.step2":"Keep the receipt or payment number.","wallet.step3":"Give the cashier the receipt and your wallet number","wallet.max":"Up to {amount} per operation.","wallet.unavailable":"Top-up not available yet","history.title":"History","history.newer":"\u2190 Newer","history.older":"Older \u2192","history.page":"Page {n}","history.none":"No transactions yet.","history.noOlder":"No older transactions.","tx.when":"When","tx.what":"What","tx.wallet":"Wallet","tx.amount":"Amount","tx.balanceAfter":"Balance after","tx.details":"Details","tx.by":"by {name}","tx.invoice":"online, invoice {number}","kind.TOP_UP":"Top-up","kind.WRITE_OFF":"Write-off","kind.PAYMENT":"Payment","kind.REFUND":"Refund","role.CUSTOMER":"Customer","role.CASHIER":"Cashier","role.ADMIN":"Admin","online.title":"Top up online","online.explain":"Pay on the payment system\u2019s page; the balance changes by itself as soon as it confirms the payment.","online.submit":"Top up online","online.starting":"Creating the invoice\u2026","online.redirecting":"Going to {system}\u2026","online.none":"Online top-up is not available: no payment system accepts online payments yet. Top up at a cashier\u2019s desk.","online.notOnThisServer":"This server does not take online payments yet.","online.invoices":"My online top-ups","online.noInvoices":"No online top-ups yet.","online.waiting":"waiting for the payment system\u2026","invoice.number":"Invoice","invoice.status":"Status","invoice.PENDING":"Waiting for payment","invoice.PAID":"Paid","invoice.EXPIRED":"Expired","invoice.REVIEW":"Under review","cashier.walletNumber":"Wallet number","cashier.findTitle":"Find the wallet","cashier.find":"Find wallet","cashier.checkDigit":"Checking\u2026 (the check digit looks wrong)","cashier.lookingUp":"Looking up\u2026","cashier.noWallet":"No wallet has the number {number}.","cashier.balance":"Balance:","cashier.topUp":"Top up","cashier.writeOff":"Write off","cashier.noSystem":"No payment system is enabled","cashier.receipt":"Receipt number","cashier.comment":"Comment","cashier.done":"Done: {kind} of {amount}; balance now {balance}.","feed.title":"Last 24 hours","feed.connecting":"connecting\u2026","feed.live":"live","feed.ended":"feed ended","review.title":"Online payments to review","review.explain":"The payment system confirmed these with a valid signature, but the payment does not match the invoice (amount, currency, merchant, or a second payment). Check the payment system\u2019s statement, then credit or reject.","review.empty":"Nothing to review.","review.reasonPlaceholder":"why (required)","review.needReason":"Write the reason first.","review.creditAmount":"Amount to credit","review.amountPlaceholder":"as reported","review.paid":"paid {amount}","review.credit":"Credit","review.reject":"Reject","review.credited":"Invoice {number} credited.","review.rejected":"Invoice {number} rejected.","cashiers.current":"Current cashiers","cashiers.addedBy":"Added by","cashiers.commandLine":"command line","cashiers.none":"No cashiers yet.","cashiers.removed":"{name} is no longer a cashier.","cashiers.added":"{name} is now a cashier.","cashiers.make":"Make cashier","cashiers.nobody":"Nobody matches.","cashiers.find":"Find a user","cashiers.searchPlaceholder":"name or email","cashiers.roles":"Roles","cashiers.createUser":"Create a user","cashiers.createUserSubmit":"Create user","cashiers.created":"Created {name} (wallet {number}).","ps.none":"No payment system is connected: customers cannot top up yet.","ps.provider":"Provider","ps.nameShown":"Name shown to customers","ps.merchantId":"Merchant id","ps.notificationUrl":"Notification URL","ps.online":"Online payments","ps.hashAlgorithm":"Hash algorithm","ps.testMode":"Test mode (payment links go to the provider\u2019s test mode)","ps.testModeShort":"Test mode","ps.secrets":"Secrets","ps.secretShort":"notifications","ps.paymentSecretShort":"payment links","ps.stored":"stored","ps.state":"State","ps.on":"enabled","ps.off":"disabled","ps.enable":"Enable","ps.disable":"Disable","ps.nowOn":"{name} is now enabled.","ps.nowOff":"{name} is now disabled.","ps.copied":"The notification URL of {name} is copied.","ps.copyFailed":"Could not copy: select the address and copy it by hand.","ps.connectTitle":"Connect a payment system","ps.editTitle":"Edit {name}","ps.connect":"Connect","ps.connected":"Connected {name}.","ps.updated":"Saved {name}.","ps.enabled":"Enabled","ps.secret":"Notification secret (write-only)","ps.secretKeep":"New notification secret (empty keeps the stored one)","ps.paymentSecret":"Payment-link secret (write-only)","ps.paymentSecretKeep":"New payment-link secret (empty keeps the stored one)","ps.secretsHelp":"Notification secret: Robokassa Password #2, YooMoney notification_secret, QIWI secret key, PayMaster secret key, MyKassa secret word 2. Payment-link secret: Robokassa Password #1, MyKassa secret word 1, QIWI public key. Secrets are never shown again.","audit.action":"Action","audit.all":"All actions","audit.actor":"Who","audit.subject":"About","audit.empty":"No entries.","audit.USER_CREATED":"User created","audit.ADMIN_CREATED":"Admin created","audit.CASHIER_ADDED":"Cashier added","audit.CASHIER_REMOVED":"Cashier removed","audit.PAYMENT_SYSTEM_CREATED":"Payment system connected","audit.PAYMENT_SYSTEM_UPDATED":"Payment system changed","audit.SECRETS_ROTATED":"Secrets re-sealed","audit.INVOICE_RESOLVED":"Invoice resolved","report.from":"From","report.to":"To (inclusive)","report.show":"Show","report.explain":"Days are UTC. Each row: the top-ups through one payment system on one day, and of those the ones credited online by the payment system\u2019s notification.","report.loading":"Loading\u2026","report.badRange":"Choose a first day that is not after the last.","report.empty":"No top-ups in this range.","report.chart":"Top-ups per day","report.bySystem":"Per payment system","report.byDay":"Per day and payment system","report.day":"Day","report.topUps":"Top-ups","report.amount":"Amount","report.onlineTopUps":"Of them online","report.onlineAmount":"Online amount","report.online":"online","report.cashier":"by cashiers","error.generic":"Something went wrong (code {code}). Try again later.","error.UNAUTHENTICATED":"Please sign in again: wrong email or password, or the session has ended.","error.FORBIDDEN":"You are not allowed to do this.","error.NOT_FOUND":"Not found: it may have been removed, or the number is wrong.","error.BAD_USER_INPUT":"Some of the input is not valid: check the fields and try again.","error.INSUFFICIENT_FUNDS":"The balance is lower than the amount.","error.PAYMENT_SYSTEM_DISABLED":"This payment system is switched off or cannot take payments online.","error.IDEMPOTENCY_KEY_REUSED":"This request was already sent with other data: start it again.","error.RATE_LIMITED":"Too many attempts: wait a little and try again.","error.SERVICE_UNAVAILABLE":"Kassa is temporarily unavailable.","error.INTERNAL_SERVER_ERROR":"Kassa could not complete this because of an internal error.","error.QUERY_TOO_COMPLEX":"The request is too large for the server.","error.GRAPHQL_PARSE_FAILED":"The app sent a malformed request (a bug in the app).","error.GRAPHQL_VALIDATION_FAILED":"This server does not support this yet (its API is older than the app).","error.NETWORK_ERROR":"Cannot reach Kassa: check the connection."};var ft={"app.title":"\u041A\u043E\u0448\u0435\u043B\u0451\u043A Kassa","app.unreachable":"\u041D\u0435 \u0443\u0434\u0430\u0451\u0442\u0441\u044F \u0441\u0432\u044F\u0437\u0430\u0442\u044C\u0441\u044F \u0441 Kassa \u043F\u043E \u0430\u0434\u0440\u0435\u0441\u0443 {url}: {error}","lang.en":"English","lang.ru":"\u0420\u0443\u0441\u0441\u043A\u0438\u0439","nav.wallet":"\u041C\u043E\u0439 \u043A\u043E\u0448\u0435\u043B\u0451\u043A","nav.cashier":"\u041F\u043E\u043F\u043E\u043B\u043D\u0435\u043D\u0438\u0435 \u043A\u043E\u0448\u0435\u043B\u044C\u043A\u0430","nav.cashiers":"\u041A\u0430\u0441\u0441\u0438\u0440\u044B","nav.paymentSystems":"\u041F\u043B\u0430\u0442\u0451\u0436\u043D\u044B\u0435 \u0441\u0438\u0441\u0442\u0435\u043C\u044B","nav.audit":"\u0416\u0443\u0440\u043D\u0430\u043B \u0434\u0435\u0439\u0441\u0442\u0432\u0438\u0439","nav.report":"\u041E\u0442\u0447\u0451\u0442","nav.language":"\u042F\u0437\u044B\u043A","nav.signOut":"\u0412\u044B\u0439\u0442\u0438","notFound.title":"\u0421\u0442\u0440\u0430\u043D\u0438\u0446\u0430 \u043D\u0435 \u043D\u0430\u0439\u0434\u0435\u043D\u0430","notFound.back":"\u0412\u0435\u0440\u043D\u0443\u0442\u044C\u0441\u044F \u043A \u043A\u043E\u0448\u0435\u043B\u044C\u043A\u0443","common.yes":"\u0434\u0430","common.no":"\u043D\u0435\u0442","action.cancel":"\u041E\u0442\u043C\u0435\u043D\u0430","action.copy":"\u041A\u043E\u043F\u0438\u0440\u043E\u0432\u0430\u0442\u044C","action.edit":"\u0418\u0437\u043C\u0435\u043D\u0438\u0442\u044C","action.remove":"\u0423\u0431\u0440\u0430\u0442\u044C","action.save":"\u0421\u043E\u0445\u0440\u0430\u043D\u0438\u0442\u044C","action.search":"\u041D\u0430\u0439\u0442\u0438","field.amount":"\u0421\u0443\u043C\u043C\u0430","field.email":"\u042D\u043B. \u043F\u043E\u0447\u0442\u0430","field.name":"\u0418\u043C\u044F","field.password":"\u041F\u0430\u0440\u043E\u043B\u044C","field.newPassword":"\u041F\u0430\u0440\u043E\u043B\u044C (\u043E\u0442 8 \u0434\u043E 128 \u0441\u0438\u043C\u0432\u043E\u043B\u043E\u0432)","field.initialPassword":"\u041D\u0430\u0447\u0430\u043B\u044C\u043D\u044B\u0439 \u043F\u0430\u0440\u043E\u043B\u044C","field.paymentSystem":"\u041F\u043B\u0430\u0442\u0451\u0436\u043D\u0430\u044F \u0441\u0438\u0441\u0442\u0435\u043C\u0430","field.reason":"\u041F\u0440\u0438\u0447\u0438\u043D\u0430","form.badAmount":"\u0421\u0443\u043C\u043C\u0430 \u043F\u0438\u0448\u0435\u0442\u0441\u044F \u0442\u0430\u043A: 1250 \u0438\u043B\u0438 1250.50 (\u0446\u0438\u0444\u0440\u044B, \u0442\u043E\u0447\u043A\u0430, \u043D\u0435 \u0431\u043E\u043B\u044C\u0448\u0435 \u0434\u0432\u0443\u0445 \u0437\u043D\u0430\u043A\u043E\u0432 \u043F\u043E\u0441\u043B\u0435 \u043D\u0435\u0451).","form.sending":"\u041E\u0442\u043F\u0440\u0430\u0432\u043B\u044F\u0435\u043C\u2026","form.retry":"\u041F\u043E\u0432\u0442\u043E\u0440\u0438\u0442\u044C: {verb}","form.retryHint":"{error} \u041D\u0430\u0436\u043C\u0438\u0442\u0435 \u043A\u043D\u043E\u043F\u043A\u0443 \u0435\u0449\u0451 \u0440\u0430\u0437: \u044D\u0442\u043E \u0431\u0435\u0437\u043E\u043F\u0430\u0441\u043D\u043E, \u0443\u0439\u0434\u0451\u0442 \u0442\u043E\u0442 \u0436\u0435 \u0441\u0430\u043C\u044B\u0439 \u0437\u0430\u043F\u0440\u043E\u0441.","widget.balance":"\u0411\u0430\u043B\u0430\u043D\u0441","widget.socket.connected":"\u043D\u0430 \u0441\u0432\u044F\u0437\u0438","widget.socket.connecting":"\u043F\u043E\u0434\u043A\u043B\u044E\u0447\u0430\u0435\u043C\u0441\u044F\u2026","widget.socket.closed":"\u043F\u0435\u0440\u0435\u043F\u043E\u0434\u043A\u043B\u044E\u0447\u0430\u0435\u043C\u0441\u044F\u2026","widget.socket.error":"\u043E\u0448\u0438\u0431\u043A\u0430 \u0441\u043E\u0435\u0434\u0438\u043D\u0435\u043D\u0438\u044F","login.signIn":"\u0412\u043E\u0439\u0442\u0438","login.signingIn":"\u0412\u0445\u043E\u0434\u0438\u043C\u2026","login.signUp":"\u0417\u0430\u0440\u0435\u0433\u0438\u0441\u0442\u0440\u0438\u0440\u043E\u0432\u0430\u0442\u044C\u0441\u044F","login.creating":"\u0421\u043E\u0437\u0434\u0430\u0451\u043C \u043A\u043E\u0448\u0435\u043B\u0451\u043A\u2026","login.newHere":"\u0412\u043F\u0435\u0440\u0432\u044B\u0435 \u0437\u0434\u0435\u0441\u044C? \u0417\u0430\u0432\u0435\u0434\u0438\u0442\u0435 \u043A\u043E\u0448\u0435\u043B\u0451\u043A","login.wrong":"\u041D\u0435\u0432\u0435\u0440\u043D\u0430\u044F \u043F\u043E\u0447\u0442\u0430 \u0438\u043B\u0438 \u043F\u0430\u0440\u043E\u043B\u044C.","login.signUpRefused":"\u041F\u043E\u0447\u0442\u0430 \u0443\u043A\u0430\u0437\u0430\u043D\u0430 \u043D\u0435\u0432\u0435\u0440\u043D\u043E \u0438\u043B\u0438 \u0443\u0436\u0435 \u0437\u0430\u0440\u0435\u0433\u0438\u0441\u0442\u0440\u0438\u0440\u043E\u0432\u0430\u043D\u0430, \u043B\u0438\u0431\u043E \u043F\u0430\u0440\u043E\u043B\u044C \u043D\u0435 \u043E\u0442 8 \u0434\u043E 128 \u0441\u0438\u043C\u0432\u043E\u043B\u043E\u0432.","login.api":"API: {url}","wallet.number":"\u041D\u043E\u043C\u0435\u0440 \u043A\u043E\u0448\u0435\u043B\u044C\u043A\u0430","wallet.tellCashier":"\u041D\u0430\u0437\u043E\u0432\u0438\u0442\u0435 \u044D\u0442\u043E\u0442 \u043D\u043E\u043C\u0435\u0440 \u043A\u0430\u0441\u0441\u0438\u0440\u0443 \u043F\u0440\u0438 \u043F\u043E\u043F\u043E\u043B\u043D\u0435\u043D\u0438\u0438.","wallet.howToTopUp":"\u041A\u0430\u043A \u043F\u043E\u043F\u043E\u043B\u043D\u0438\u0442\u044C \u0447\u0435\u0440\u0435\u0437 \u043A\u0430\u0441\u0441\u0438\u0440\u0430","wallet.step1":"\u041E\u043F\u043B\u0430\u0442\u0438\u0442\u0435 \u043D\u0443\u0436\u043D\u0443\u044E \u0441\u0443\u043C\u043C\u0443 \u0447\u0435\u0440\u0435\u0437 \u043E\u0434\u043D\u0443 \u0438\u0437 \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u044B\u0445 \u0441\u0438\u0441\u0442\u0435\u043C:","wallet.step2":"\u0421\u043E\u0445\u0440\u0430\u043D\u0438\u0442\u0435 \u0447\u0435\u043A \u0438\u043B\u0438 \u043D\u043E\u043C\u0435\u0440 \u043F\u043B\u0430\u0442\u0435\u0436\u0430.","wallet.step3":"\u041F\u0435\u0440\u0435\u0434\u0430\u0439\u0442\u0435 \u043A\u0430\u0441\u0441\u0438\u0440\u0443 \u0447\u0435\u043A \u0438 \u043D\u043E\u043C\u0435\u0440 \u043A\u043E\u0448\u0435\u043B\u044C\u043A\u0430","wallet.max":"\u041D\u0435 \u0431\u043E\u043B\u044C\u0448\u0435 {amount} \u0437\u0430 \u043E\u0434\u043D\u0443 \u043E\u043F\u0435\u0440\u0430\u0446\u0438\u044E.","wallet.unavailable":"\u041F\u043E\u043F\u043E\u043B\u043D\u0435\u043D\u0438\u0435 \u043F\u043E\u043A\u0430 \u043D\u0435\u0434\u043E\u0441\u0442\u0443\u043F\u043D\u043E","history.title":"\u0418\u0441\u0442\u043E\u0440\u0438\u044F","history.newer":"\u2190 \u041D\u043E\u0432\u0435\u0435","history.older":"\u0421\u0442\u0430\u0440\u0435\u0435 \u2192","history.page":"\u0421\u0442\u0440\u0430\u043D\u0438\u0446\u0430 {n}","history.none":"\u041E\u043F\u0435\u0440\u0430\u0446\u0438\u0439 \u043F\u043E\u043A\u0430 \u043D\u0435\u0442.","history.noOlder":"\u0411\u043E\u043B\u0435\u0435 \u0440\u0430\u043D\u043D\u0438\u0445 \u043E\u043F\u0435\u0440\u0430\u0446\u0438\u0439 \u043D\u0435\u0442.","tx.when":"\u041A\u043E\u0433\u0434\u0430","tx.what":"\u0427\u0442\u043E","tx.wallet":"\u041A\u043E\u0448\u0435\u043B\u0451\u043A","tx.amount":"\u0421\u0443\u043C\u043C\u0430","tx.balanceAfter":"\u0411\u0430\u043B\u0430\u043D\u0441 \u043F\u043E\u0441\u043B\u0435","tx.details":"\u041F\u043E\u0434\u0440\u043E\u0431\u043D\u043E\u0441\u0442\u0438","tx.by":"\u043F\u0440\u043E\u0432\u0451\u043B(\u0430) {name}","tx.invoice":"\u043E\u043D\u043B\u0430\u0439\u043D, \u0441\u0447\u0451\u0442 {number}","kind.TOP_UP":"\u041F\u043E\u043F\u043E\u043B\u043D\u0435\u043D\u0438\u0435","kind.WRITE_OFF":"\u0421\u043F\u0438\u0441\u0430\u043D\u0438\u0435","kind.PAYMENT":"\u041E\u043F\u043B\u0430\u0442\u0430","kind.REFUND":"\u0412\u043E\u0437\u0432\u0440\u0430\u0442","role.CUSTOMER":"\u041A\u043B\u0438\u0435\u043D\u0442","role.CASHIER":"\u041A\u0430\u0441\u0441\u0438\u0440","role.ADMIN":"\u0410\u0434\u043C\u0438\u043D\u0438\u0441\u0442\u0440\u0430\u0442\u043E\u0440","online.title":"\u041F\u043E\u043F\u043E\u043B\u043D\u0438\u0442\u044C \u043E\u043D\u043B\u0430\u0439\u043D","online.explain":"\u041E\u043F\u043B\u0430\u0442\u0438\u0442\u0435 \u043D\u0430 \u0441\u0442\u0440\u0430\u043D\u0438\u0446\u0435 \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u043E\u0439 \u0441\u0438\u0441\u0442\u0435\u043C\u044B; \u0431\u0430\u043B\u0430\u043D\u0441 \u0438\u0437\u043C\u0435\u043D\u0438\u0442\u0441\u044F \u0441\u0430\u043C, \u043A\u0430\u043A \u0442\u043E\u043B\u044C\u043A\u043E \u043E\u043D\u0430 \u043F\u043E\u0434\u0442\u0432\u0435\u0440\u0434\u0438\u0442 \u043F\u043B\u0430\u0442\u0451\u0436.","online.submit":"\u041F\u043E\u043F\u043E\u043B\u043D\u0438\u0442\u044C \u043E\u043D\u043B\u0430\u0439\u043D","online.starting":"\u0421\u043E\u0437\u0434\u0430\u0451\u043C \u0441\u0447\u0451\u0442\u2026","online.redirecting":"\u041F\u0435\u0440\u0435\u0445\u043E\u0434\u0438\u043C \u0432 {system}\u2026","online.none":"\u041E\u043D\u043B\u0430\u0439\u043D-\u043F\u043E\u043F\u043E\u043B\u043D\u0435\u043D\u0438\u0435 \u043D\u0435\u0434\u043E\u0441\u0442\u0443\u043F\u043D\u043E: \u043D\u0438 \u043E\u0434\u043D\u0430 \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u0430\u044F \u0441\u0438\u0441\u0442\u0435\u043C\u0430 \u043F\u043E\u043A\u0430 \u043D\u0435 \u043F\u0440\u0438\u043D\u0438\u043C\u0430\u0435\u0442 \u043E\u043D\u043B\u0430\u0439\u043D-\u043F\u043B\u0430\u0442\u0435\u0436\u0438. \u041F\u043E\u043F\u043E\u043B\u043D\u0438\u0442\u0435 \u043A\u043E\u0448\u0435\u043B\u0451\u043A \u0447\u0435\u0440\u0435\u0437 \u043A\u0430\u0441\u0441\u0438\u0440\u0430.","online.notOnThisServer":"\u042D\u0442\u043E\u0442 \u0441\u0435\u0440\u0432\u0435\u0440 \u043F\u043E\u043A\u0430 \u043D\u0435 \u043F\u0440\u0438\u043D\u0438\u043C\u0430\u0435\u0442 \u043E\u043D\u043B\u0430\u0439\u043D-\u043F\u043B\u0430\u0442\u0435\u0436\u0438.","online.invoices":"\u041C\u043E\u0438 \u043E\u043D\u043B\u0430\u0439\u043D-\u043F\u043E\u043F\u043E\u043B\u043D\u0435\u043D\u0438\u044F","online.noInvoices":"\u041E\u043D\u043B\u0430\u0439\u043D-\u043F\u043E\u043F\u043E\u043B\u043D\u0435\u043D\u0438\u0439 \u043F\u043E\u043A\u0430 \u043D\u0435 \u0431\u044B\u043B\u043E.","online.waiting":"\u0436\u0434\u0451\u043C \u043F\u043E\u0434\u0442\u0432\u0435\u0440\u0436\u0434\u0435\u043D\u0438\u044F \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u043E\u0439 \u0441\u0438\u0441\u0442\u0435\u043C\u044B\u2026","invoice.number":"\u0421\u0447\u0451\u0442","invoice.status":"\u0421\u043E\u0441\u0442\u043E\u044F\u043D\u0438\u0435","invoice.PENDING":"\u041E\u0436\u0438\u0434\u0430\u0435\u0442 \u043E\u043F\u043B\u0430\u0442\u044B","invoice.PAID":"\u041E\u043F\u043B\u0430\u0447\u0435\u043D","invoice.EXPIRED":"\u0418\u0441\u0442\u0451\u043A","invoice.REVIEW":"\u041D\u0430 \u043F\u0440\u043E\u0432\u0435\u0440\u043A\u0435","cashier.walletNumber":"\u041D\u043E\u043C\u0435\u0440 \u043A\u043E\u0448\u0435\u043B\u044C\u043A\u0430","cashier.findTitle":"\u041D\u0430\u0439\u0442\u0438 \u043A\u043E\u0448\u0435\u043B\u0451\u043A","cashier.find":"\u041D\u0430\u0439\u0442\u0438 \u043A\u043E\u0448\u0435\u043B\u0451\u043A","cashier.checkDigit":"\u041F\u0440\u043E\u0432\u0435\u0440\u044F\u0435\u043C\u2026 (\u043A\u043E\u043D\u0442\u0440\u043E\u043B\u044C\u043D\u0430\u044F \u0446\u0438\u0444\u0440\u0430, \u043F\u043E\u0445\u043E\u0436\u0435, \u043D\u0435\u0432\u0435\u0440\u043D\u0430)","cashier.lookingUp":"\u0418\u0449\u0435\u043C\u2026","cashier.noWallet":"\u041A\u043E\u0448\u0435\u043B\u044C\u043A\u0430 \u0441 \u043D\u043E\u043C\u0435\u0440\u043E\u043C {number} \u043D\u0435\u0442.","cashier.balance":"\u0411\u0430\u043B\u0430\u043D\u0441:","cashier.topUp":"\u041F\u043E\u043F\u043E\u043B\u043D\u0438\u0442\u044C","cashier.writeOff":"\u0421\u043F\u0438\u0441\u0430\u0442\u044C","cashier.noSystem":"\u041D\u0438 \u043E\u0434\u043D\u0430 \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u0430\u044F \u0441\u0438\u0441\u0442\u0435\u043C\u0430 \u043D\u0435 \u0432\u043A\u043B\u044E\u0447\u0435\u043D\u0430","cashier.receipt":"\u041D\u043E\u043C\u0435\u0440 \u0447\u0435\u043A\u0430","cashier.comment":"\u041A\u043E\u043C\u043C\u0435\u043D\u0442\u0430\u0440\u0438\u0439","cashier.done":"\u0413\u043E\u0442\u043E\u0432\u043E: {kind} \u043D\u0430 {amount}; \u0431\u0430\u043B\u0430\u043D\u0441 \u0442\u0435\u043F\u0435\u0440\u044C {balance}.","feed.title":"\u0417\u0430 \u043F\u043E\u0441\u043B\u0435\u0434\u043D\u0438\u0435 24 \u0447\u0430\u0441\u0430","feed.connecting":"\u043F\u043E\u0434\u043A\u043B\u044E\u0447\u0430\u0435\u043C\u0441\u044F\u2026","feed.live":"\u043D\u0430 \u0441\u0432\u044F\u0437\u0438","feed.ended":"\u043B\u0435\u043D\u0442\u0430 \u0437\u0430\u043A\u0440\u044B\u0442\u0430","review.title":"\u041E\u043D\u043B\u0430\u0439\u043D-\u043F\u043B\u0430\u0442\u0435\u0436\u0438 \u043D\u0430 \u043F\u0440\u043E\u0432\u0435\u0440\u043A\u0435","review.explain":"\u041F\u043B\u0430\u0442\u0451\u0436\u043D\u0430\u044F \u0441\u0438\u0441\u0442\u0435\u043C\u0430 \u043F\u043E\u0434\u0442\u0432\u0435\u0440\u0434\u0438\u043B\u0430 \u0438\u0445 \u0432\u0435\u0440\u043D\u043E\u0439 \u043F\u043E\u0434\u043F\u0438\u0441\u044C\u044E, \u043D\u043E \u043F\u043B\u0430\u0442\u0451\u0436 \u043D\u0435 \u0441\u043E\u0432\u043F\u0430\u043B \u0441\u043E \u0441\u0447\u0451\u0442\u043E\u043C (\u0441\u0443\u043C\u043C\u0430, \u0432\u0430\u043B\u044E\u0442\u0430, \u043C\u0430\u0433\u0430\u0437\u0438\u043D \u0438\u043B\u0438 \u0432\u0442\u043E\u0440\u043E\u0439 \u043F\u043B\u0430\u0442\u0451\u0436). \u0421\u0432\u0435\u0440\u044C\u0442\u0435\u0441\u044C \u0441 \u0432\u044B\u043F\u0438\u0441\u043A\u043E\u0439 \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u043E\u0439 \u0441\u0438\u0441\u0442\u0435\u043C\u044B \u0438 \u0437\u0430\u0447\u0438\u0441\u043B\u0438\u0442\u0435 \u0438\u043B\u0438 \u043E\u0442\u043A\u043B\u043E\u043D\u0438\u0442\u0435.","review.empty":"\u041F\u0440\u043E\u0432\u0435\u0440\u044F\u0442\u044C \u043D\u0435\u0447\u0435\u0433\u043E.","review.reasonPlaceholder":"\u043F\u043E\u0447\u0435\u043C\u0443 (\u043E\u0431\u044F\u0437\u0430\u0442\u0435\u043B\u044C\u043D\u043E)","review.needReason":"\u0421\u043D\u0430\u0447\u0430\u043B\u0430 \u0443\u043A\u0430\u0436\u0438\u0442\u0435 \u043F\u0440\u0438\u0447\u0438\u043D\u0443.","review.creditAmount":"\u0417\u0430\u0447\u0438\u0441\u043B\u0438\u0442\u044C \u0441\u0443\u043C\u043C\u0443","review.amountPlaceholder":"\u043A\u0430\u043A \u0441\u043E\u043E\u0431\u0449\u0438\u043B\u0430 \u041F\u0421","review.paid":"\u043E\u043F\u043B\u0430\u0447\u0435\u043D\u043E {amount}","review.credit":"\u0417\u0430\u0447\u0438\u0441\u043B\u0438\u0442\u044C","review.reject":"\u041E\u0442\u043A\u043B\u043E\u043D\u0438\u0442\u044C","review.credited":"\u0421\u0447\u0451\u0442 {number} \u0437\u0430\u0447\u0438\u0441\u043B\u0435\u043D.","review.rejected":"\u0421\u0447\u0451\u0442 {number} \u043E\u0442\u043A\u043B\u043E\u043D\u0451\u043D.","cashiers.current":"\u041A\u0430\u0441\u0441\u0438\u0440\u044B","cashiers.addedBy":"\u041A\u0442\u043E \u043D\u0430\u0437\u043D\u0430\u0447\u0438\u043B","cashiers.commandLine":"\u043A\u043E\u043C\u0430\u043D\u0434\u043D\u0430\u044F \u0441\u0442\u0440\u043E\u043A\u0430","cashiers.none":"\u041A\u0430\u0441\u0441\u0438\u0440\u043E\u0432 \u043F\u043E\u043A\u0430 \u043D\u0435\u0442.","cashiers.removed":"{name} \u0431\u043E\u043B\u044C\u0448\u0435 \u043D\u0435 \u043A\u0430\u0441\u0441\u0438\u0440.","cashiers.added":"{name} \u0442\u0435\u043F\u0435\u0440\u044C \u043A\u0430\u0441\u0441\u0438\u0440.","cashiers.make":"\u0421\u0434\u0435\u043B\u0430\u0442\u044C \u043A\u0430\u0441\u0441\u0438\u0440\u043E\u043C","cashiers.nobody":"\u041D\u0438\u043A\u043E\u0433\u043E \u043D\u0435 \u043D\u0430\u0448\u043B\u043E\u0441\u044C.","cashiers.find":"\u041D\u0430\u0439\u0442\u0438 \u043F\u043E\u043B\u044C\u0437\u043E\u0432\u0430\u0442\u0435\u043B\u044F","cashiers.searchPlaceholder":"\u0438\u043C\u044F \u0438\u043B\u0438 \u044D\u043B. \u043F\u043E\u0447\u0442\u0430","cashiers.roles":"\u0420\u043E\u043B\u0438","cashiers.createUser":"\u0421\u043E\u0437\u0434\u0430\u0442\u044C \u043F\u043E\u043B\u044C\u0437\u043E\u0432\u0430\u0442\u0435\u043B\u044F","cashiers.createUserSubmit":"\u0421\u043E\u0437\u0434\u0430\u0442\u044C","cashiers.created":"\u0421\u043E\u0437\u0434\u0430\u043D(\u0430) {name} (\u043A\u043E\u0448\u0435\u043B\u0451\u043A {number}).","ps.none":"\u041D\u0438 \u043E\u0434\u043D\u0430 \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u0430\u044F \u0441\u0438\u0441\u0442\u0435\u043C\u0430 \u043D\u0435 \u043F\u043E\u0434\u043A\u043B\u044E\u0447\u0435\u043D\u0430: \u043A\u043B\u0438\u0435\u043D\u0442\u044B \u043F\u043E\u043A\u0430 \u043D\u0435 \u043C\u043E\u0433\u0443\u0442 \u043F\u043E\u043F\u043E\u043B\u043D\u044F\u0442\u044C \u043A\u043E\u0448\u0435\u043B\u044C\u043A\u0438.","ps.provider":"\u041F\u0440\u043E\u0432\u0430\u0439\u0434\u0435\u0440","ps.nameShown":"\u041D\u0430\u0437\u0432\u0430\u043D\u0438\u0435 \u0434\u043B\u044F \u043A\u043B\u0438\u0435\u043D\u0442\u043E\u0432","ps.merchantId":"\u0418\u0434\u0435\u043D\u0442\u0438\u0444\u0438\u043A\u0430\u0442\u043E\u0440 \u043C\u0430\u0433\u0430\u0437\u0438\u043D\u0430","ps.notificationUrl":"\u0410\u0434\u0440\u0435\u0441 \u0434\u043B\u044F \u0443\u0432\u0435\u0434\u043E\u043C\u043B\u0435\u043D\u0438\u0439","ps.online":"\u041E\u043D\u043B\u0430\u0439\u043D-\u043F\u043B\u0430\u0442\u0435\u0436\u0438","ps.hashAlgorithm":"\u0410\u043B\u0433\u043E\u0440\u0438\u0442\u043C \u043F\u043E\u0434\u043F\u0438\u0441\u0438","ps.testMode":"\u0422\u0435\u0441\u0442\u043E\u0432\u044B\u0439 \u0440\u0435\u0436\u0438\u043C (\u0441\u0441\u044B\u043B\u043A\u0438 \u043D\u0430 \u043E\u043F\u043B\u0430\u0442\u0443 \u0432\u0435\u0434\u0443\u0442 \u0432 \u0442\u0435\u0441\u0442\u043E\u0432\u044B\u0439 \u0440\u0435\u0436\u0438\u043C \u043F\u0440\u043E\u0432\u0430\u0439\u0434\u0435\u0440\u0430)","ps.testModeShort":"\u0422\u0435\u0441\u0442\u043E\u0432\u044B\u0439 \u0440\u0435\u0436\u0438\u043C","ps.secrets":"\u0421\u0435\u043A\u0440\u0435\u0442\u044B","ps.secretShort":"\u0443\u0432\u0435\u0434\u043E\u043C\u043B\u0435\u043D\u0438\u044F","ps.paymentSecretShort":"\u0441\u0441\u044B\u043B\u043A\u0438 \u043D\u0430 \u043E\u043F\u043B\u0430\u0442\u0443","ps.stored":"\u0441\u043E\u0445\u0440\u0430\u043D\u0451\u043D","ps.state":"\u0421\u043E\u0441\u0442\u043E\u044F\u043D\u0438\u0435","ps.on":"\u0432\u043A\u043B\u044E\u0447\u0435\u043D\u0430","ps.off":"\u0432\u044B\u043A\u043B\u044E\u0447\u0435\u043D\u0430","ps.enable":"\u0412\u043A\u043B\u044E\u0447\u0438\u0442\u044C","ps.disable":"\u0412\u044B\u043A\u043B\u044E\u0447\u0438\u0442\u044C","ps.nowOn":"{name}: \u0432\u043A\u043B\u044E\u0447\u0435\u043D\u0430.","ps.nowOff":"{name}: \u0432\u044B\u043A\u043B\u044E\u0447\u0435\u043D\u0430.","ps.copied":"\u0410\u0434\u0440\u0435\u0441 \u0434\u043B\u044F \u0443\u0432\u0435\u0434\u043E\u043C\u043B\u0435\u043D\u0438\u0439 {name} \u0441\u043A\u043E\u043F\u0438\u0440\u043E\u0432\u0430\u043D.","ps.copyFailed":"\u041D\u0435 \u0443\u0434\u0430\u043B\u043E\u0441\u044C \u0441\u043A\u043E\u043F\u0438\u0440\u043E\u0432\u0430\u0442\u044C: \u0432\u044B\u0434\u0435\u043B\u0438\u0442\u0435 \u0430\u0434\u0440\u0435\u0441 \u0438 \u0441\u043A\u043E\u043F\u0438\u0440\u0443\u0439\u0442\u0435 \u0432\u0440\u0443\u0447\u043D\u0443\u044E.","ps.connectTitle":"\u041F\u043E\u0434\u043A\u043B\u044E\u0447\u0438\u0442\u044C \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u0443\u044E \u0441\u0438\u0441\u0442\u0435\u043C\u0443","ps.editTitle":"\u0418\u0437\u043C\u0435\u043D\u0438\u0442\u044C: {name}","ps.connect":"\u041F\u043E\u0434\u043A\u043B\u044E\u0447\u0438\u0442\u044C","ps.connected":"\u041F\u043E\u0434\u043A\u043B\u044E\u0447\u0435\u043D\u0430: {name}.","ps.updated":"\u0421\u043E\u0445\u0440\u0430\u043D\u0435\u043D\u043E: {name}.","ps.enabled":"\u0412\u043A\u043B\u044E\u0447\u0435\u043D\u0430","ps.secret":"\u0421\u0435\u043A\u0440\u0435\u0442 \u0443\u0432\u0435\u0434\u043E\u043C\u043B\u0435\u043D\u0438\u0439 (\u0442\u043E\u043B\u044C\u043A\u043E \u0437\u0430\u043F\u0438\u0441\u044C)","ps.secretKeep":"\u041D\u043E\u0432\u044B\u0439 \u0441\u0435\u043A\u0440\u0435\u0442 \u0443\u0432\u0435\u0434\u043E\u043C\u043B\u0435\u043D\u0438\u0439 (\u043F\u0443\u0441\u0442\u043E: \u043E\u0441\u0442\u0430\u0432\u0438\u0442\u044C \u043F\u0440\u0435\u0436\u043D\u0438\u0439)","ps.paymentSecret":"\u0421\u0435\u043A\u0440\u0435\u0442 \u0441\u0441\u044B\u043B\u043E\u043A \u043D\u0430 \u043E\u043F\u043B\u0430\u0442\u0443 (\u0442\u043E\u043B\u044C\u043A\u043E \u0437\u0430\u043F\u0438\u0441\u044C)","ps.paymentSecretKeep":"\u041D\u043E\u0432\u044B\u0439 \u0441\u0435\u043A\u0440\u0435\u0442 \u0441\u0441\u044B\u043B\u043E\u043A \u043D\u0430 \u043E\u043F\u043B\u0430\u0442\u0443 (\u043F\u0443\u0441\u0442\u043E: \u043E\u0441\u0442\u0430\u0432\u0438\u0442\u044C \u043F\u0440\u0435\u0436\u043D\u0438\u0439)","ps.secretsHelp":"\u0421\u0435\u043A\u0440\u0435\u0442 \u0443\u0432\u0435\u0434\u043E\u043C\u043B\u0435\u043D\u0438\u0439: \u041F\u0430\u0440\u043E\u043B\u044C \u21162 Robokassa, notification_secret YooMoney, \u0441\u0435\u043A\u0440\u0435\u0442\u043D\u044B\u0439 \u043A\u043B\u044E\u0447 QIWI, \u0441\u0435\u043A\u0440\u0435\u0442\u043D\u044B\u0439 \u043A\u043B\u044E\u0447 PayMaster, \u0441\u0435\u043A\u0440\u0435\u0442\u043D\u043E\u0435 \u0441\u043B\u043E\u0432\u043E 2 MyKassa. \u0421\u0435\u043A\u0440\u0435\u0442 \u0441\u0441\u044B\u043B\u043E\u043A \u043D\u0430 \u043E\u043F\u043B\u0430\u0442\u0443: \u041F\u0430\u0440\u043E\u043B\u044C \u21161 Robokassa, \u0441\u0435\u043A\u0440\u0435\u0442\u043D\u043E\u0435 \u0441\u043B\u043E\u0432\u043E 1 MyKassa, \u043F\u0443\u0431\u043B\u0438\u0447\u043D\u044B\u0439 \u043A\u043B\u044E\u0447 QIWI. \u0421\u0435\u043A\u0440\u0435\u0442\u044B \u0431\u043E\u043B\u044C\u0448\u0435 \u043D\u0438\u0433\u0434\u0435 \u043D\u0435 \u043F\u043E\u043A\u0430\u0437\u044B\u0432\u0430\u044E\u0442\u0441\u044F.","audit.action":"\u0414\u0435\u0439\u0441\u0442\u0432\u0438\u0435","audit.all":"\u0412\u0441\u0435 \u0434\u0435\u0439\u0441\u0442\u0432\u0438\u044F","audit.actor":"\u041A\u0442\u043E","audit.subject":"\u041D\u0430\u0434 \u043A\u0435\u043C / \u0447\u0435\u043C","audit.empty":"\u0417\u0430\u043F\u0438\u0441\u0435\u0439 \u043D\u0435\u0442.","audit.USER_CREATED":"\u0421\u043E\u0437\u0434\u0430\u043D \u043F\u043E\u043B\u044C\u0437\u043E\u0432\u0430\u0442\u0435\u043B\u044C","audit.ADMIN_CREATED":"\u0421\u043E\u0437\u0434\u0430\u043D \u0430\u0434\u043C\u0438\u043D\u0438\u0441\u0442\u0440\u0430\u0442\u043E\u0440","audit.CASHIER_ADDED":"\u041D\u0430\u0437\u043D\u0430\u0447\u0435\u043D \u043A\u0430\u0441\u0441\u0438\u0440","audit.CASHIER_REMOVED":"\u041A\u0430\u0441\u0441\u0438\u0440 \u0441\u043D\u044F\u0442","audit.PAYMENT_SYSTEM_CREATED":"\u041F\u043E\u0434\u043A\u043B\u044E\u0447\u0435\u043D\u0430 \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u0430\u044F \u0441\u0438\u0441\u0442\u0435\u043C\u0430","audit.PAYMENT_SYSTEM_UPDATED":"\u0418\u0437\u043C\u0435\u043D\u0435\u043D\u0430 \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u0430\u044F \u0441\u0438\u0441\u0442\u0435\u043C\u0430","audit.SECRETS_ROTATED":"\u0421\u0435\u043A\u0440\u0435\u0442\u044B \u043F\u0435\u0440\u0435\u0448\u0438\u0444\u0440\u043E\u0432\u0430\u043D\u044B","audit.INVOICE_RESOLVED":"\u0421\u0447\u0451\u0442 \u0440\u0430\u0437\u043E\u0431\u0440\u0430\u043D","report.from":"\u0421","report.to":"\u041F\u043E (\u0432\u043A\u043B\u044E\u0447\u0438\u0442\u0435\u043B\u044C\u043D\u043E)","report.show":"\u041F\u043E\u043A\u0430\u0437\u0430\u0442\u044C","report.explain":"\u0414\u043D\u0438 \u043F\u043E UTC. \u0421\u0442\u0440\u043E\u043A\u0430: \u043F\u043E\u043F\u043E\u043B\u043D\u0435\u043D\u0438\u044F \u0447\u0435\u0440\u0435\u0437 \u043E\u0434\u043D\u0443 \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u0443\u044E \u0441\u0438\u0441\u0442\u0435\u043C\u0443 \u0437\u0430 \u043E\u0434\u0438\u043D \u0434\u0435\u043D\u044C \u0438 \u0441\u0440\u0435\u0434\u0438 \u043D\u0438\u0445 \u0437\u0430\u0447\u0438\u0441\u043B\u0435\u043D\u043D\u044B\u0435 \u043E\u043D\u043B\u0430\u0439\u043D \u043F\u043E \u0443\u0432\u0435\u0434\u043E\u043C\u043B\u0435\u043D\u0438\u044E \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u043E\u0439 \u0441\u0438\u0441\u0442\u0435\u043C\u044B.","report.loading":"\u0417\u0430\u0433\u0440\u0443\u0436\u0430\u0435\u043C\u2026","report.badRange":"\u041F\u0435\u0440\u0432\u044B\u0439 \u0434\u0435\u043D\u044C \u043D\u0435 \u043C\u043E\u0436\u0435\u0442 \u0431\u044B\u0442\u044C \u043F\u043E\u0437\u0436\u0435 \u043F\u043E\u0441\u043B\u0435\u0434\u043D\u0435\u0433\u043E.","report.empty":"\u0417\u0430 \u044D\u0442\u0438 \u0434\u043D\u0438 \u043F\u043E\u043F\u043E\u043B\u043D\u0435\u043D\u0438\u0439 \u043D\u0435\u0442.","report.chart":"\u041F\u043E\u043F\u043E\u043B\u043D\u0435\u043D\u0438\u044F \u043F\u043E \u0434\u043D\u044F\u043C","report.bySystem":"\u041F\u043E \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u044B\u043C \u0441\u0438\u0441\u0442\u0435\u043C\u0430\u043C","report.byDay":"\u041F\u043E \u0434\u043D\u044F\u043C \u0438 \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u044B\u043C \u0441\u0438\u0441\u0442\u0435\u043C\u0430\u043C","report.day":"\u0414\u0435\u043D\u044C","report.topUps":"\u041F\u043E\u043F\u043E\u043B\u043D\u0435\u043D\u0438\u0439","report.amount":"\u0421\u0443\u043C\u043C\u0430","report.onlineTopUps":"\u0418\u0437 \u043D\u0438\u0445 \u043E\u043D\u043B\u0430\u0439\u043D","report.onlineAmount":"\u0421\u0443\u043C\u043C\u0430 \u043E\u043D\u043B\u0430\u0439\u043D","report.online":"\u043E\u043D\u043B\u0430\u0439\u043D","report.cashier":"\u0447\u0435\u0440\u0435\u0437 \u043A\u0430\u0441\u0441\u0438\u0440\u043E\u0432","error.generic":"\u0427\u0442\u043E-\u0442\u043E \u043F\u043E\u0448\u043B\u043E \u043D\u0435 \u0442\u0430\u043A (\u043A\u043E\u0434 {code}). \u041F\u043E\u043F\u0440\u043E\u0431\u0443\u0439\u0442\u0435 \u043F\u043E\u0437\u0436\u0435.","error.UNAUTHENTICATED":"\u0412\u043E\u0439\u0434\u0438\u0442\u0435 \u0441\u043D\u043E\u0432\u0430: \u043D\u0435\u0432\u0435\u0440\u043D\u0430\u044F \u043F\u043E\u0447\u0442\u0430 \u0438\u043B\u0438 \u043F\u0430\u0440\u043E\u043B\u044C, \u043B\u0438\u0431\u043E \u0441\u0435\u0430\u043D\u0441 \u0437\u0430\u043A\u043E\u043D\u0447\u0438\u043B\u0441\u044F.","error.FORBIDDEN":"\u0423 \u0432\u0430\u0441 \u043D\u0435\u0442 \u043F\u0440\u0430\u0432 \u043D\u0430 \u044D\u0442\u043E \u0434\u0435\u0439\u0441\u0442\u0432\u0438\u0435.","error.NOT_FOUND":"\u041D\u0435 \u043D\u0430\u0439\u0434\u0435\u043D\u043E: \u0432\u043E\u0437\u043C\u043E\u0436\u043D\u043E, \u0443\u0434\u0430\u043B\u0435\u043D\u043E, \u0438\u043B\u0438 \u043D\u043E\u043C\u0435\u0440 \u0443\u043A\u0430\u0437\u0430\u043D \u043D\u0435\u0432\u0435\u0440\u043D\u043E.","error.BAD_USER_INPUT":"\u0427\u0430\u0441\u0442\u044C \u0434\u0430\u043D\u043D\u044B\u0445 \u0443\u043A\u0430\u0437\u0430\u043D\u0430 \u043D\u0435\u0432\u0435\u0440\u043D\u043E: \u043F\u0440\u043E\u0432\u0435\u0440\u044C\u0442\u0435 \u043F\u043E\u043B\u044F \u0438 \u043F\u043E\u043F\u0440\u043E\u0431\u0443\u0439\u0442\u0435 \u0435\u0449\u0451 \u0440\u0430\u0437.","error.INSUFFICIENT_FUNDS":"\u041D\u0430 \u0431\u0430\u043B\u0430\u043D\u0441\u0435 \u043C\u0435\u043D\u044C\u0448\u0435, \u0447\u0435\u043C \u044D\u0442\u0430 \u0441\u0443\u043C\u043C\u0430.","error.PAYMENT_SYSTEM_DISABLED":"\u042D\u0442\u0430 \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u0430\u044F \u0441\u0438\u0441\u0442\u0435\u043C\u0430 \u0432\u044B\u043A\u043B\u044E\u0447\u0435\u043D\u0430 \u0438\u043B\u0438 \u043D\u0435 \u043F\u0440\u0438\u043D\u0438\u043C\u0430\u0435\u0442 \u043E\u043D\u043B\u0430\u0439\u043D-\u043F\u043B\u0430\u0442\u0435\u0436\u0438.","error.IDEMPOTENCY_KEY_REUSED":"\u042D\u0442\u043E\u0442 \u0437\u0430\u043F\u0440\u043E\u0441 \u0443\u0436\u0435 \u043E\u0442\u043F\u0440\u0430\u0432\u043B\u044F\u043B\u0441\u044F \u0441 \u0434\u0440\u0443\u0433\u0438\u043C\u0438 \u0434\u0430\u043D\u043D\u044B\u043C\u0438: \u043D\u0430\u0447\u043D\u0438\u0442\u0435 \u0437\u0430\u043D\u043E\u0432\u043E.","error.RATE_LIMITED":"\u0421\u043B\u0438\u0448\u043A\u043E\u043C \u043C\u043D\u043E\u0433\u043E \u043F\u043E\u043F\u044B\u0442\u043E\u043A: \u043F\u043E\u0434\u043E\u0436\u0434\u0438\u0442\u0435 \u043D\u0435\u043C\u043D\u043E\u0433\u043E \u0438 \u043F\u043E\u043F\u0440\u043E\u0431\u0443\u0439\u0442\u0435 \u0441\u043D\u043E\u0432\u0430.","error.SERVICE_UNAVAILABLE":"Kassa \u0432\u0440\u0435\u043C\u0435\u043D\u043D\u043E \u043D\u0435\u0434\u043E\u0441\u0442\u0443\u043F\u043D\u0430.","error.INTERNAL_SERVER_ERROR":"Kassa \u043D\u0435 \u0441\u043C\u043E\u0433\u043B\u0430 \u0432\u044B\u043F\u043E\u043B\u043D\u0438\u0442\u044C \u0437\u0430\u043F\u0440\u043E\u0441 \u0438\u0437-\u0437\u0430 \u0432\u043D\u0443\u0442\u0440\u0435\u043D\u043D\u0435\u0439 \u043E\u0448\u0438\u0431\u043A\u0438.","error.QUERY_TOO_COMPLEX":"\u0417\u0430\u043F\u0440\u043E\u0441 \u0441\u043B\u0438\u0448\u043A\u043E\u043C \u0432\u0435\u043B\u0438\u043A \u0434\u043B\u044F \u0441\u0435\u0440\u0432\u0435\u0440\u0430.","error.GRAPHQL_PARSE_FAILED":"\u041F\u0440\u0438\u043B\u043E\u0436\u0435\u043D\u0438\u0435 \u043E\u0442\u043F\u0440\u0430\u0432\u0438\u043B\u043E \u043D\u0435\u043F\u0440\u0430\u0432\u0438\u043B\u044C\u043D\u044B\u0439 \u0437\u0430\u043F\u0440\u043E\u0441 (\u043E\u0448\u0438\u0431\u043A\u0430 \u0432 \u043F\u0440\u0438\u043B\u043E\u0436\u0435\u043D\u0438\u0438).","error.GRAPHQL_VALIDATION_FAILED":"\u042D\u0442\u043E\u0442 \u0441\u0435\u0440\u0432\u0435\u0440 \u043F\u043E\u043A\u0430 \u044D\u0442\u043E\u0433\u043E \u043D\u0435 \u0443\u043C\u0435\u0435\u0442 (\u0435\u0433\u043E API \u0441\u0442\u0430\u0440\u0448\u0435 \u043F\u0440\u0438\u043B\u043E\u0436\u0435\u043D\u0438\u044F).","error.NETWORK_ERROR":"\u041D\u0435\u0442 \u0441\u0432\u044F\u0437\u0438 \u0441 Kassa: \u043F\u0440\u043E\u0432\u0435\u0440\u044C\u0442\u0435 \u043F\u043E\u0434\u043A\u043B\u044E\u0447\u0435\u043D\u0438\u0435."};var ke={en:ut,ru:ft},Se=["ru","en"],ht="kassa.lang";function Nn(e){for(let a of e||[]){let r=String(a).toLowerCase().split("-")[0];if(Se.includes(r))return r}return"en"}var yt=()=>{try{return globalThis.localStorage??null}catch{return null}};function Rn(){let e=yt()?.getItem(ht);if(Se.includes(e))return e;let a=globalThis.navigator;return Nn(a?.languages?.length?a.languages:[a?.language])}var ce=Rn(),Ke=new Set,Z=()=>ce,oe=(e=ce)=>e==="ru"?"ru-RU":"en-GB";function gt(e){!Se.includes(e)||e===ce||(ce=e,yt()?.setItem(ht,e),Ke.forEach(a=>a(e)))}var Ne=e=>(Ke.add(e),()=>Ke.delete(e));function n(e,a={},r=ce){return(ke[r]?.[e]??ke.en[e]??e).replace(/\{(\w+)\}/g,(o,c)=>a[c]!=null?String(a[c]):o)}function bt(e,a=ce){let r=`error.${e}`;return ke[a]?.[r]??ke.en[r]?n(r,{},a):n("error.generic",{code:e||"UNKNOWN"},a)}var Ge="kassa.token",Un="";localStorage.removeItem("kassa.api");var wt=Un||location.origin,me={http:new URL("/graphql",wt).toString(),ws:(()=>{let e=new URL("/graphql/ws",wt);return e.protocol=e.protocol==="https:"?"wss:":"ws:",e.toString()})()},$=class extends Error{constructor(a,{network:r=!1}={}){let s=a?.length?a:[{message:"no data in the response"}];super(s.map(o=>o.extensions?.code?`${o.extensions.code}: ${o.message}`:o.message).join("; ")),this.errors=s,this.codes=s.map(o=>o.extensions?.code).filter(Boolean),this.code=this.codes[0]||(r?"NETWORK_ERROR":"UNKNOWN"),this.network=r}get retriable(){return this.network||this.codes.includes("SERVICE_UNAVAILABLE")||this.codes.includes("INTERNAL_SERVER_ERROR")}};function x(e,{overrides:a={}}={}){e instanceof $||console.error(e);let r=e instanceof $?e.code:"UNKNOWN";return a[r]?n(a[r]):bt(r)}var je=new Set,pe=()=>localStorage.getItem(Ge);function ve(e){e?localStorage.setItem(Ge,e):localStorage.removeItem(Ge),Dn(),je.forEach(a=>a(e))}var St=e=>(je.add(e),()=>je.delete(e)),vt=e=>e.match(/\b(?:query|mutation|subscription)\s+(\w+)/)?.[1];async function I(e,a={}){let r={"content-type":"application/json",accept:"application/json"},s=pe();s&&(r.authorization=`Bearer ${s}`);let o;try{o=await fetch(me.http,{method:"POST",headers:r,body:JSON.stringify({query:e,variables:a,operationName:vt(e)})})}catch(i){throw new $([{message:`cannot reach the server (${i.message})`}],{network:!0})}let c;try{c=await o.json()}catch{throw new $([{message:`HTTP ${o.status}: not a GraphQL response`}],{network:o.status>=500})}if(c.errors?.length||c.data==null){let i=new $(c.errors);throw i.codes.includes("UNAUTHENTICATED")&&s&&!/\b(signIn|signUp)\b/.test(e)&&It(),i}return c.data}function It(){pe()&&ve(null)}var de=null,Ye=new Set,Et=e=>(Ye.add(e),()=>Ye.delete(e)),Ve=e=>Ye.forEach(a=>a(e));function Pn(){if(de)return de;let e=pe();return de=He({url:me.ws,connectionParams:()=>({authorization:`Bearer ${e}`}),lazy:!0,keepAlive:15e3,retryAttempts:1/0,shouldRetry:a=>!(a&&typeof a.code=="number"&&(a.code===4401||a.code===4403)),on:{connecting:()=>Ve("connecting"),connected:()=>Ve("connected"),closed:()=>Ve("closed")}}),de}function Dn(){let e=de;de=null,e&&e.dispose()}function Ie(e,a,{next:r,error:s,complete:o}={}){return pe()?Pn().subscribe({query:e,variables:a,operationName:vt(e)},{next:c=>{if(c.errors?.length||!c.data)return s?.(new $(c.errors));r?.(c.data)},error:c=>{let i=Array.isArray(c)?new $(c):new $([{message:c?.reason||c?.message||`connection closed (${c?.code??"?"})`}],{network:!0});(i.codes.includes("UNAUTHENTICATED")||c?.code===4401)&&It(),s?.(i)},complete:()=>o?.()}):()=>{}}function t(e,a={},...r){let s=document.createElement(e);for(let[o,c]of Object.entries(a||{}))c==null||c===!1||(o.startsWith("on")&&typeof c=="function"?s.addEventListener(o.slice(2),c):o==="class"?s.className=c:o==="testid"?s.dataset.testid=c:o==="dataset"?Object.assign(s.dataset,c):o==="value"?s.value=c:c===!0?s.setAttribute(o,""):s.setAttribute(o,String(c)));return xt(s,r),s}function xt(e,a){for(let r of a.flat(1/0))r==null||r===!1||e.append(r instanceof Node?r:document.createTextNode(String(r)))}function b(e,...a){return e.replaceChildren(),xt(e,a),e}function j(e){let a={};for(let r of e.elements)r.name&&(a[r.name]=r.type==="checkbox"?r.checked:r.value.trim());return a}function U(e){return t("p",{class:"status",testid:e,role:"status","aria-live":"polite"})}function h(e,a,r="ok"){e.textContent=a,e.dataset.kind=r,e.className=`status ${r}`}var At=()=>new URLSearchParams(location.hash.split("?")[1]||"");var Tt=`# Me: the signed-in user (id, email, name, roles) and the number of their wallet;
# null when the request carries no valid token.
# Who may call: anyone (returns null when not signed in).
# Example variables: {}
query Me {
  me {
    id
    email
    name
    roles
    createdAt
    wallet {
      id
      number
      balance
      currency
      version
    }
  }
}
`;var kt=`# SignOut: revokes the token this request carries; the subscriptions opened with it end.
# Who may call: any signed-in user.
# Example variables: {}
mutation SignOut {
  signOut
}
`;var X=null,ze=new Set,se=()=>X,Re=e=>!!X?.roles?.includes(e),Nt=e=>(ze.add(e),()=>ze.delete(e)),Rt=()=>ze.forEach(e=>e(X));async function Ut(){if(!pe())return X=null;try{X=(await I(Tt)).me,X||ve(null)}catch(e){if(e instanceof $&&e.codes.includes("UNAUTHENTICATED"))X=null;else throw e}return X}St(e=>{e||(X=null,Rt())});async function Pt(){try{await I(kt)}catch{}ve(null)}async function Qe(e){ve(e.token),X=e.user,Rt()}var Ue=class{constructor({fetchWallet:a,onChange:r}){this.fetchWallet=a,this.onChange=r,this.state=null}reset(){this.state=null}apply(a){let r=this.state?.version;if(r!=null&&a.version<=r)return"ignored";let s=r!=null&&a.version>r+1;return this.set({balance:a.balance,currency:a.currency,version:a.version,walletNumber:a.walletNumber},{event:a,gap:s}),s&&this.resync(),s?"resync":"applied"}async resync(){let a=await this.fetchWallet();a&&(this.state==null||a.version>=this.state.version)&&this.set({balance:a.balance,currency:a.currency,version:a.version,walletNumber:a.number},{resynced:!0})}set(a,r){this.state=a,this.onChange?.(a,r)}};var Ze=new Map;function On(e,a){let r=`${a}|${e}`;return Ze.has(r)||Ze.set(r,new Intl.NumberFormat(oe(a),{style:"currency",currency:e,currencyDisplay:a==="en"?"code":"symbol",minimumFractionDigits:2,maximumFractionDigits:2})),Ze.get(r)}function P(e,a="RUB",r=Z()){return e==null||e===""?"\u2014":On(a||"RUB",r).format(String(e))}function Xe(e,a=Z()){return e==null||e===""?"\u2014":new Intl.NumberFormat(oe(a),{minimumFractionDigits:2,maximumFractionDigits:2}).format(String(e))}function z(e){return String(e??"").replace(/\D/g,"").replace(/(\d{4})(?=\d)/g,"$1 ")}function Dt(e){return String(e??"").replace(/[\s-]/g,"")}function Ct(e){if(!/^\d+$/.test(e))return!1;let a=0;for(let r=0;r<e.length;r++){let s=e.charCodeAt(e.length-1-r)-48;r%2===1&&(s=s*2>9?s*2-9:s*2),a+=s}return a%10===0}function ue(e){return/^\d+(\.\d{1,2})?$/.test(e)&&/[1-9]/.test(e)}function J(e,a=Z()){if(!e)return"";let r=new Date(e);return Number.isNaN(r.getTime())?e:new Intl.DateTimeFormat(oe(a),{dateStyle:"short",timeStyle:"medium"}).format(r)}function Je(e,a=Z()){let r=new Date(`${e}T00:00:00Z`);return Number.isNaN(r.getTime())?e:new Intl.DateTimeFormat(oe(a),{dateStyle:"short",timeZone:"UTC"}).format(r)}var Pe=(e,a=Z())=>n(`kind.${e}`,{},a),et={TOP_UP:"+",REFUND:"+",WRITE_OFF:"\u2212",PAYMENT:"\u2212"};function fe(){if(globalThis.crypto?.randomUUID)return crypto.randomUUID();let e=crypto.getRandomValues(new Uint8Array(16));e[6]=e[6]&15|64,e[8]=e[8]&63|128;let a=[...e].map(r=>r.toString(16).padStart(2,"0")).join("");return`${a.slice(0,8)}-${a.slice(8,12)}-${a.slice(12,16)}-${a.slice(16,20)}-${a.slice(20)}`}var De=`# MyWallet: the signed-in user's wallet (number, balance, version) with one page of its
# history, newest first. Page on with \`after\` = the previous page's pageInfo.endCursor.
# Who may call: any signed-in user (CUSTOMER and up), for their own wallet only.
# Example variables: {"first": 10, "after": null, "filter": {"kinds": ["TOP_UP", "REFUND"]}}
query MyWallet($first: Int = 10, $after: String, $filter: TransactionFilter) {
  myWallet {
    id
    number
    balance
    currency
    version
    createdAt
    owner {
      id
      name
    }
    transactions(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          id
          kind
          amount
          balanceAfter
          walletVersion
          reference
          comment
          createdAt
          performedBy {
            id
            name
          }
          paymentSystem {
            id
            name
            provider
          }
          refundOf {
            id
            amount
          }
        }
      }
      pageInfo {
        hasPreviousPage
        hasNextPage
        startCursor
        endCursor
      }
    }
  }
}
`;var $t=`# MyBalance: live balance of the signed-in user's wallet. The first event is the current
# state (transaction null), then one event per change. Versions grow by one per change:
# a jump (version > last + 1) means events were missed, so refetch MyWallet; ignore an
# event whose version is not newer than the last one applied.
# Who may call: any signed-in user (WebSocket connection_init {"authorization": "Bearer <token>"}).
# Example variables: {}
subscription MyBalance {
  myBalance {
    walletId
    walletNumber
    balance
    currency
    version
    transaction {
      id
      kind
      amount
      balanceAfter
      walletVersion
      comment
      createdAt
    }
  }
}
`;var at=document.getElementById("balance-widget"),he=document.getElementById("balance"),Ot=document.getElementById("balance-currency"),Ee=document.getElementById("balance-status"),tt=new Set,Ce=new Ue({fetchWallet:async()=>(await I(De,{first:1})).myWallet,onChange:(e,a)=>{Mt(e),tt.forEach(r=>r(e,a))}});function Mt(e){he.textContent=P(e.balance,e.currency),he.dataset.amount=e.balance,he.dataset.version=String(e.version),Ot.textContent="",Ot.dataset.currency=e.currency}var Wn=at.querySelector(".balance-label");function _t(){Wn.textContent=n("widget.balance"),Ce.state&&Mt(Ce.state)}Ne(_t);_t();var $e=e=>(tt.add(e),()=>tt.delete(e)),nt=null;function rt(){ot(),at.hidden=!1,he.textContent="\u2026",nt=Ie($t,{},{next:({myBalance:e})=>Ce.apply(e),error:e=>{Ee.dataset.state="error",Ee.title=x(e)},complete:()=>{Ee.dataset.state="closed"}})}function ot(){nt?.(),nt=null,Ce.reset(),at.hidden=!0,delete he.dataset.amount,delete he.dataset.version}Et(e=>{Ee.dataset.state=e,Ee.title=n(`widget.socket.${e}`)});var Bn=document.getElementById("nav"),Ln=document.getElementById("account");function Oe(){let e=se(),a=[];e&&(a.push(["#/wallet",n("nav.wallet"),"nav-wallet"]),(Re("CASHIER")||Re("ADMIN"))&&a.push(["#/cashier",n("nav.cashier"),"nav-cashier"]),Re("ADMIN")&&(a.push(["#/admin/cashiers",n("nav.cashiers"),"nav-admin-cashiers"]),a.push(["#/admin/payment-systems",n("nav.paymentSystems"),"nav-admin-payment-systems"]),a.push(["#/admin/audit",n("nav.audit"),"nav-admin-audit"]),a.push(["#/admin/report",n("nav.report"),"nav-admin-report"]))),document.documentElement.lang=Z(),document.title=n("app.title");let r=location.hash.split("?")[0];b(Bn,a.map(([o,c,i])=>t("a",{href:o,testid:i,class:r===o?"active":null},c)));let s=t("span",{class:"lang",testid:"lang-switch",role:"group","aria-label":n("nav.language")},Se.map(o=>t("button",{type:"button",class:`link${o===Z()?" active":""}`,testid:`lang-${o}`,lang:oe(o),"aria-pressed":String(o===Z()),onclick:()=>gt(o)},n(`lang.${o}`,{},o))));b(Ln,s,e?[t("span",{class:"who",testid:"account-name",title:e.email},e.name),t("button",{type:"button",class:"link",testid:"signout",onclick:Pt},n("nav.signOut"))]:[])}var Wt=`# SignIn: exchanges email and password for a bearer token. Bad credentials fail with
# UNAUTHENTICATED; too many failed attempts with RATE_LIMITED.
# Who may call: anyone (no token needed).
# Example variables: {"input": {"email": "admin@example.com", "password": "s3cret-passw0rd"}}
mutation SignIn($input: SignInInput!) {
  signIn(input: $input) {
    token
    expiresAt
    user {
      id
      email
      name
      roles
      wallet {
        id
        number
        balance
        currency
        version
      }
    }
  }
}
`;var Bt=`# SignUp: creates a customer account with its own wallet and signs in; keep the returned
# token and send it as "Authorization: Bearer <token>". FORBIDDEN when self-registration
# is switched off (KASSA_ALLOW_SIGNUP=false).
# Who may call: anyone (no token needed).
# Example variables: {"input": {"email": "olga@example.com", "password": "correct horse battery", "name": "Olga"}}
mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) {
    token
    expiresAt
    user {
      id
      email
      name
      roles
      wallet {
        id
        number
        balance
        currency
        version
      }
    }
  }
}
`;function Lt(e){let a=U("login-error"),r=U("signup-error"),s=t("form",{class:"card",testid:"login-form",onsubmit:async c=>{c.preventDefault();let i=j(c.target);h(a,n("login.signingIn"),"info");try{let{signIn:m}=await I(Wt,{input:{email:i.email,password:i.password}});await Qe(m)}catch(m){h(a,x(m,{overrides:{UNAUTHENTICATED:"login.wrong"}}),"error")}}},t("h2",{},n("login.signIn")),t("label",{},n("field.email"),t("input",{name:"email",type:"email",required:!0,autocomplete:"username",testid:"login-email",id:"login-email"})),t("label",{},n("field.password"),t("input",{name:"password",type:"password",required:!0,autocomplete:"current-password",testid:"login-password",id:"login-password"})),t("button",{type:"submit",testid:"login-submit",id:"login-submit"},n("login.signIn")),a),o=t("form",{class:"card",testid:"signup-form",onsubmit:async c=>{c.preventDefault();let i=j(c.target);h(r,n("login.creating"),"info");try{let{signUp:m}=await I(Bt,{input:{name:i.name,email:i.email,password:i.password}});await Qe(m)}catch(m){h(r,x(m,{overrides:{BAD_USER_INPUT:"login.signUpRefused"}}),"error")}}},t("h2",{},n("login.newHere")),t("label",{},n("field.name"),t("input",{name:"name",required:!0,autocomplete:"name",testid:"signup-name"})),t("label",{},n("field.email"),t("input",{name:"email",type:"email",required:!0,autocomplete:"email",testid:"signup-email"})),t("label",{},n("field.newPassword"),t("input",{name:"password",type:"password",required:!0,minlength:8,maxlength:128,autocomplete:"new-password",testid:"signup-password"})),t("button",{type:"submit",testid:"signup-submit"},n("login.signUp")),r);b(e,t("div",{class:"grid two"},s,o),t("p",{class:"muted small"},n("login.api",{url:me.http})))}function xe(e,{showWallet:a=!1,testid:r="history-row",currency:s="RUB"}={}){return e.map(({node:o})=>t("tr",{testid:r,dataset:{id:o.id,kind:o.kind}},t("td",{class:"nowrap"},J(o.createdAt)),a?t("td",{class:"mono nowrap"},z(o.wallet?.number)):null,t("td",{},t("span",{class:`kind ${o.kind}`},Pe(o.kind))),t("td",{class:`num ${et[o.kind]==="+"?"plus":"minus"}`},`${et[o.kind]||""}${P(o.amount,o.wallet?.currency||s)}`),t("td",{class:"num"},P(o.balanceAfter,o.wallet?.currency||s)),t("td",{class:"details"},[o.paymentSystem?.name,o.invoice?n("tx.invoice",{number:o.invoice.number}):null,o.reference,o.comment,o.performedBy&&!a?n("tx.by",{name:o.performedBy.name}):null].filter(Boolean).join(" \xB7 "))))}function Ft(e){try{let a=new URL(e);return a.protocol==="https:"||a.protocol==="http:"?a.toString():null}catch{return null}}var Me=`# The payment systems with their online-payment settings; the ADMIN-only fields are null
# for others.
query OnlinePaymentSystems {
  paymentSystems {
    id
    provider
    name
    enabled
    merchantId
    hasSecret
    acceptsOnlinePayments
    notificationUrl
    hashAlgorithm
    testMode
    hasPaymentSecret
    createdAt
    updatedAt
  }
}
`;var qt=`mutation StartTopUp($input: StartTopUpInput!) {
  startTopUp(input: $input) {
    id
    number
    amount
    status
    paymentUrl
    expiresAt
    paymentSystem {
      id
      name
    }
  }
}
`;var Ht=`# The signed-in user's online top-ups, newest first.
query MyInvoices($first: Int = 10, $after: String) {
  myWallet {
    id
    currency
    topUpInvoices(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          number
          amount
          status
          paymentUrl
          externalId
          createdAt
          expiresAt
          paidAt
          paymentSystem {
            id
            name
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
`;var st="kassa.lastInvoice",Gn=3e3,jn=600*1e3;function Kt(e){let a=t("section",{class:"card",testid:"online-topup"},t("h2",{},n("online.title"))),r=t("tbody",{testid:"invoices"}),s=t("section",{class:"card",testid:"invoice-list"},t("h2",{},n("online.invoices")),t("table",{},t("thead",{},t("tr",{},t("th",{},n("invoice.number")),t("th",{},n("tx.when")),t("th",{},n("field.paymentSystem")),t("th",{class:"num"},n("tx.amount")),t("th",{},n("invoice.status")))),r)),o=At().get("invoice")||sessionStorage.getItem(st),c=null,i=o?Date.now()+jn:0,m=null;e.push(()=>clearTimeout(m));async function u(){let{myWallet:p}=await I(Ht,{first:10}),d=p.topUpInvoices.edges;b(r,d.length?d.map(({node:y})=>Yn(y,p.currency,o)):t("tr",{},t("td",{colspan:5,class:"muted"},n("online.noInvoices"))));let f=d.find(({node:y})=>y.id===o||y.number===o)?.node;f&&f.status!=="PENDING"&&sessionStorage.removeItem(st),clearTimeout(m),f?.status==="PENDING"&&Date.now()<i&&(m=setTimeout(()=>u().catch(()=>{}),Gn))}async function E(){let p;try{p=(await I(Me)).paymentSystems}catch(S){let M=S instanceof $&&S.codes.includes("GRAPHQL_VALIDATION_FAILED");return a.append(t("p",{class:"notice",testid:"online-unavailable"},M?n("online.notOnThisServer"):x(S))),!1}let d=p.filter(S=>S.enabled&&S.acceptsOnlinePayments);if(!d.length)return a.append(t("p",{class:"notice",testid:"online-unavailable"},n("online.none"))),!0;let f=U("online-status"),y=t("form",{testid:"online-form",oninput:()=>c=null,onsubmit:S=>(S.preventDefault(),l(S.target,f))},t("label",{},n("field.paymentSystem"),t("select",{name:"paymentSystemId",testid:"online-system",required:!0},d.map(S=>t("option",{value:S.id},S.name)))),t("label",{},n("field.amount"),t("input",{name:"amount",testid:"online-amount",inputmode:"decimal",placeholder:"1500.00",required:!0,autocomplete:"off"})),t("button",{type:"submit",testid:"online-submit"},n("online.submit")),f);return a.append(t("p",{class:"muted small"},n("online.explain")),y),!0}async function l(p,d){let f=j(p);if(!ue(f.amount))return h(d,n("form.badAmount"),"error");c||(c=fe());let y=p.querySelector("button[type=submit]");y.disabled=!0,h(d,n("online.starting"),"info");try{let{startTopUp:S}=await I(qt,{input:{paymentSystemId:f.paymentSystemId,amount:f.amount,idempotencyKey:c}});c=null,sessionStorage.setItem(st,S.id);let M=Ft(S.paymentUrl);if(!M)return h(d,x(new $([{message:"paymentUrl is not a web address",extensions:{code:"BAD_PAYMENT_URL"}}])),"error");h(d,n("online.redirecting",{system:S.paymentSystem.name}),"ok"),p.dataset.invoiceId=S.id,location.assign(M)}catch(S){S instanceof $&&S.retriable?h(d,n("form.retryHint",{error:x(S)}),"error"):(c=null,h(d,x(S),"error"))}finally{y.disabled=!1}}return e.push($e((p,d)=>(d.event?.transaction||d.resynced)&&u().catch(()=>{}))),(async()=>{await E()?await u():s.hidden=!0})().catch(p=>r.append(t("tr",{},t("td",{colspan:5,class:"error"},x(p))))),{card:a,invoices:s}}function Yn(e,a,r){let s=e.id===r||e.number===r;return t("tr",{testid:"invoice-row",class:s?"highlight":null,dataset:{id:e.id,number:e.number,status:e.status}},t("td",{class:"mono"},e.number),t("td",{class:"nowrap"},J(e.createdAt)),t("td",{},e.paymentSystem?.name),t("td",{class:"num"},P(e.amount,a)),t("td",{},t("span",{class:`badge status-${e.status}`,testid:"invoice-status"},n(`invoice.${e.status}`)),e.status==="PENDING"&&s?t("span",{class:"muted small"},` ${n("online.waiting")}`):null))}var ye=`# PaymentSystems: the connected payment systems. Customers and cashiers get the enabled
# ones (merchantId null); an ADMIN gets all of them, merchantId included. Secrets are
# never returned, only hasSecret.
# Who may call: any signed-in user.
# Example variables: {}
query PaymentSystems {
  paymentSystems {
    id
    provider
    name
    enabled
    merchantId
    hasSecret
    createdAt
    updatedAt
  }
}
`;var Vt=`# WalletConfig: the currency, whether top-ups are available (at least one payment
# system enabled) and the largest amount one operation may move.
# Who may call: everyone, signed in or not.
# Example variables: {}
query WalletConfig {
  walletConfig {
    currency
    topUpAvailable
    maxOperationAmount
  }
}
`;async function Gt(e,a){let s=t("div",{class:"wallet-number mono",testid:"wallet-number"}),o=t("div",{class:"big",testid:"wallet-balance"}),c=t("div",{testid:"topup-instructions"}),i=t("tbody",{testid:"history"}),m=t("button",{type:"button",class:"secondary",testid:"history-prev"},n("history.newer")),u=t("button",{type:"button",class:"secondary",testid:"history-next"},n("history.older")),E=t("span",{class:"muted",testid:"history-page"}),l=[null],p=0,d=null;async function f(){let{myWallet:k}=await I(De,{first:10,after:l[p]});d=k,s.textContent=z(k.number),s.dataset.number=k.number,o.textContent=P(k.balance,k.currency),o.dataset.amount=k.balance;let W=k.transactions;b(i,W.edges.length?xe(W.edges,{currency:k.currency}):t("tr",{},t("td",{colspan:5,class:"muted"},p?n("history.noOlder"):n("history.none")))),l[p+1]=W.pageInfo.endCursor,u.disabled=!W.pageInfo.hasNextPage,m.disabled=p===0,E.textContent=n("history.page",{n:p+1})}m.onclick=()=>{p=Math.max(0,p-1),f().catch(M)},u.onclick=()=>{p+=1,l=l.slice(0,p+1),f().catch(M)};let y=U("wallet-error"),S=Kt(a),M=k=>h(y,x(k),"error");b(e,t("h1",{},n("nav.wallet")),t("div",{class:"grid two"},t("section",{class:"card"},t("h2",{},n("wallet.number")),s,t("p",{class:"muted small"},n("wallet.tellCashier")),t("h2",{},n("widget.balance")),o),t("section",{class:"card"},t("h2",{},n("wallet.howToTopUp")),c)),S.card,S.invoices,t("section",{class:"card"},t("div",{class:"row"},t("h2",{},n("history.title")),t("span",{class:"spacer"}),m,E,u),t("table",{class:"tx"},t("thead",{},t("tr",{},t("th",{},n("tx.when")),t("th",{},n("tx.what")),t("th",{class:"num"},n("tx.amount")),t("th",{class:"num"},n("tx.balanceAfter")),t("th",{},n("tx.details")))),i),y));let[L,F,O]=await Promise.all([f(),I(Vt),I(ye)]),ne=O.paymentSystems.filter(k=>k.enabled);F.walletConfig.topUpAvailable&&ne.length?b(c,t("ol",{},t("li",{},n("wallet.step1"),t("ul",{testid:"payment-system-list"},ne.map(k=>t("li",{testid:"payment-system-option"},k.name)))),t("li",{},n("wallet.step2")),t("li",{},n("wallet.step3")," ",t("strong",{class:"mono"},z(d.number)))),t("p",{class:"muted small"},n("wallet.max",{amount:P(F.walletConfig.maxOperationAmount,F.walletConfig.currency)}))):b(c,t("p",{class:"notice",testid:"topup-unavailable"},n("wallet.unavailable")));let Q=(k,W)=>{o.textContent=P(k.balance,k.currency),o.dataset.amount=k.balance,(W.event?.transaction||W.resynced)&&p===0&&f().catch(M)};a.push($e(Q))}var jt=`# CASHIER, ADMIN: every wallet's invoices, e.g. the REVIEW queue.
query InvoicesByStatus($status: TopUpInvoiceStatus, $first: Int = 20, $after: String) {
  topUpInvoices(status: $status, first: $first, after: $after) {
    edges {
      cursor
      node {
        id
        number
        amount
        status
        externalId
        paidAmount
        reviewReason
        createdAt
        paidAt
        wallet {
          id
          number
          currency
          owner {
            id
            name
            email
          }
        }
        paymentSystem {
          id
          name
          provider
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
`;var Yt=`# CASHIER: credit a REVIEW invoice (credit: true) or reject it, with a reason.
mutation ResolveTopUpInvoice($input: ResolveTopUpInvoiceInput!) {
  resolveTopUpInvoice(input: $input) {
    id
    number
    status
  }
}
`;function zt(){let e=t("tbody",{testid:"review-list"}),a=U("review-status"),r=new Map,s=t("section",{class:"card",testid:"review-queue"},t("h2",{},n("review.title")),t("p",{class:"muted small"},n("review.explain")),t("table",{},t("thead",{},t("tr",{},t("th",{},n("invoice.number")),t("th",{},n("tx.wallet")),t("th",{},n("field.paymentSystem")),t("th",{class:"num"},n("tx.amount")),t("th",{},n("review.creditAmount")),t("th",{},n("field.reason")),t("th",{}))),e),a);async function o(){let{topUpInvoices:i}=await I(jt,{status:"REVIEW",first:50}),m=i.edges;b(e,m.length?m.map(({node:u})=>c(u)):t("tr",{},t("td",{colspan:7,class:"muted"},n("review.empty"))))}function c(i){let m=t("input",{name:"reason",testid:`review-reason-${i.id}`,placeholder:n("review.reasonPlaceholder"),autocomplete:"off"}),u=t("input",{name:"amount",testid:`review-amount-${i.id}`,placeholder:n("review.amountPlaceholder"),inputmode:"decimal",autocomplete:"off",class:"short"}),E=async(d,f)=>{let y=m.value.trim();if(!y)return h(a,n("review.needReason"),"error");let S=d?u.value.trim():"";if(S&&!ue(S))return h(a,n("form.badAmount"),"error");let M=`${i.id}|${d}|${S}|${y}`;r.has(M)||r.set(M,fe()),f.disabled=!0;try{let{resolveTopUpInvoice:L}=await I(Yt,{input:{invoiceId:i.id,credit:d,...S?{amount:S}:{},reason:y,idempotencyKey:r.get(M)}});r.delete(M),h(a,n(d?"review.credited":"review.rejected",{number:L.number}),"ok"),await o()}catch(L){L instanceof $&&L.retriable||r.delete(M),h(a,x(L),"error")}finally{f.disabled=!1}},l=t("button",{type:"button",class:"small",testid:`review-credit-${i.id}`,onclick:d=>E(!0,d.currentTarget)},n("review.credit")),p=t("button",{type:"button",class:"small danger",testid:`review-reject-${i.id}`,onclick:d=>E(!1,d.currentTarget)},n("review.reject"));return t("tr",{testid:"review-row",dataset:{id:i.id,number:i.number}},t("td",{class:"mono"},i.number,t("div",{class:"muted small"},J(i.createdAt))),t("td",{},t("span",{class:"mono"},z(i.wallet.number)),t("div",{class:"muted small"},i.wallet.owner?.name)),t("td",{},i.paymentSystem?.name,i.externalId?t("div",{class:"muted small mono"},i.externalId):null),t("td",{class:"num"},P(i.amount,i.wallet.currency),i.paidAmount!=null?t("div",{class:"muted small",testid:"review-paid"},n("review.paid",{amount:P(i.paidAmount,i.wallet.currency)})):null,i.reviewReason?t("div",{class:"muted small",testid:"review-why"},i.reviewReason):null),t("td",{},u),t("td",{},m),t("td",{class:"nowrap"},l," ",p))}return o().catch(i=>{let m=i instanceof $&&i.codes.includes("GRAPHQL_VALIDATION_FAILED");b(e,t("tr",{},t("td",{colspan:7,class:"muted"},m?n("online.notOnThisServer"):x(i))))}),s}var Qt=`# WalletByNumber: finds the wallet whose 12-digit number a customer gives at the desk,
# with its owner, balance and latest transactions. Returns null when no wallet has that
# number; a mistyped number (wrong length or Luhn check digit) fails with BAD_USER_INPUT.
# Who may call: CASHIER, ADMIN.
# Example variables: {"number": "100000000008", "first": 5}
query WalletByNumber($number: String!, $first: Int = 5) {
  walletByNumber(number: $number) {
    id
    number
    balance
    currency
    version
    owner {
      id
      name
      email
    }
    transactions(first: $first) {
      edges {
        cursor
        node {
          id
          kind
          amount
          balanceAfter
          walletVersion
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
`;var Zt=`# RecentTransactions: transactions on all wallets, newest first; \`since\` defaults to
# 24 hours ago on the server. Page on with \`after\` = pageInfo.endCursor.
# Who may call: CASHIER, ADMIN.
# Example variables: {"since": "2026-11-27T00:00:00Z", "first": 20, "after": null}
query RecentTransactions($since: DateTime, $first: Int = 20, $after: String) {
  recentTransactions(since: $since, first: $first, after: $after) {
    edges {
      cursor
      node {
        id
        kind
        amount
        balanceAfter
        walletVersion
        reference
        comment
        createdAt
        wallet {
          id
          number
        }
        performedBy {
          id
          name
        }
        paymentSystem {
          id
          name
        }
      }
    }
    pageInfo {
      hasPreviousPage
      hasNextPage
      startCursor
      endCursor
    }
  }
}
`;var Xt=`# TopUpWallet: credits a customer's wallet with real funds the customer paid through an
# enabled payment system (receipt = that payment's number). Send a fresh idempotencyKey
# per submission and the SAME key when retrying it: a retry moves no money twice.
# Errors: NOT_FOUND (no such wallet), BAD_USER_INPUT, PAYMENT_SYSTEM_DISABLED,
# IDEMPOTENCY_KEY_REUSED (same key, other input).
# Who may call: CASHIER.
# Example variables: {"input": {"walletNumber": "100000000008", "amount": "1250.00", "paymentSystemId": "1", "receipt": "RK-55120", "comment": "paid at the desk", "idempotencyKey": "8f14e45f-ea8e-4d2b-9c0e-2a4e5b9a7f10"}}
mutation TopUpWallet($input: TopUpWalletInput!) {
  topUpWallet(input: $input) {
    transaction {
      id
      kind
      amount
      balanceAfter
      walletVersion
      reference
      comment
      createdAt
      performedBy {
        id
        name
      }
      paymentSystem {
        id
        name
      }
      refundOf {
        id
        amount
      }
    }
    wallet {
      id
      number
      balance
      currency
      version
    }
  }
}
`;var Jt=`# WriteOffWallet: takes funds off a customer's wallet with a reason. INSUFFICIENT_FUNDS
# when the balance is lower than the amount. Same idempotency rules as TopUpWallet.
# Who may call: CASHIER.
# Example variables: {"input": {"walletNumber": "100000000008", "amount": "50.00", "reason": "duplicate top-up", "idempotencyKey": "0b6e3c1a-5d4f-4b7e-8f2a-9c1d2e3f4a5b"}}
mutation WriteOffWallet($input: WriteOffWalletInput!) {
  writeOffWallet(input: $input) {
    transaction {
      id
      kind
      amount
      balanceAfter
      walletVersion
      reference
      comment
      createdAt
      performedBy {
        id
        name
      }
      paymentSystem {
        id
        name
      }
      refundOf {
        id
        amount
      }
    }
    wallet {
      id
      number
      balance
      currency
      version
    }
  }
}
`;var en=`# WalletBalance: live balance of any wallet by number, e.g. on the cashier's screen while
# the customer is at the desk. First the current state, then one event per change.
# Who may call: CASHIER, ADMIN.
# Example variables: {"walletNumber": "100000000008"}
subscription WalletBalance($walletNumber: String!) {
  walletBalance(walletNumber: $walletNumber) {
    walletId
    walletNumber
    balance
    currency
    version
    transaction {
      id
      kind
      amount
      balanceAfter
      walletVersion
      createdAt
    }
  }
}
`;var tn=`# TransactionFeed: every new transaction on any wallet as it is committed (nothing is
# sent for past ones: load RecentTransactions first, then apply this feed on top).
# Who may call: CASHIER, ADMIN.
# Example variables: {}
subscription TransactionFeed {
  transactionFeed {
    id
    kind
    amount
    balanceAfter
    walletVersion
    reference
    comment
    createdAt
    wallet {
      id
      number
    }
    performedBy {
      id
      name
    }
    paymentSystem {
      id
      name
    }
  }
}
`;async function nn(e,a){let r=null,s=null,o=null,c=null,i=U("topup-find-error"),m=t("div",{class:"found",testid:"topup-wallet"}),u=t("input",{name:"number",id:"topup-wallet-number",testid:"topup-wallet-number",inputmode:"numeric",autocomplete:"off",placeholder:"1234 5678 9012",required:!0,"aria-label":n("cashier.walletNumber")}),E=t("form",{class:"row",testid:"topup-find-form",onsubmit:v=>(v.preventDefault(),l())},u,t("button",{type:"submit",testid:"topup-find",id:"topup-find"},n("cashier.find")));async function l(){let v=Dt(u.value);s?.(),s=null,r=null,F(!1),b(m),h(i,/^\d{12}$/.test(v)&&!Ct(v)?n("cashier.checkDigit"):n("cashier.lookingUp"),"info");try{let{walletByNumber:D}=await I(Qt,{number:v,first:5});if(!D)return h(i,n("cashier.noWallet",{number:z(v)}),"error");r=D,h(i,"","ok"),p(),F(!0),s=Ie(en,{walletNumber:r.number},{next:({walletBalance:g})=>{r&&g.walletNumber===r.number&&g.version>r.version&&(r={...r,balance:g.balance,version:g.version},p())}})}catch(D){h(i,x(D),"error")}}a.push(()=>s?.());function p(){b(m,t("div",{},t("strong",{testid:"topup-owner"},r.owner.name)," ",t("span",{class:"muted"},r.owner.email)),t("div",{class:"mono",testid:"topup-found-number"},z(r.number)),t("div",{},`${n("cashier.balance")} `,t("strong",{testid:"topup-wallet-balance",dataset:{amount:r.balance}},P(r.balance,r.currency))))}let{paymentSystems:d}=await I(ye),f=d.filter(v=>v.enabled),y=U("topup-status"),S=t("form",{class:"card",testid:"topup-form",oninput:()=>o=null,onsubmit:v=>(v.preventDefault(),ne(v.target))},t("h2",{},n("cashier.topUp")),t("label",{},n("field.paymentSystem"),t("select",{name:"paymentSystemId",id:"topup-payment-system",testid:"topup-payment-system",required:!0},f.length?f.map(v=>t("option",{value:v.id},v.name)):t("option",{value:""},n("cashier.noSystem")))),t("label",{},n("field.amount"),t("input",{name:"amount",id:"topup-amount",testid:"topup-amount",inputmode:"decimal",placeholder:"1250.00",required:!0,autocomplete:"off"})),t("label",{},n("cashier.receipt"),t("input",{name:"receipt",id:"topup-receipt",testid:"topup-receipt",required:!0,autocomplete:"off"})),t("label",{},n("cashier.comment"),t("input",{name:"comment",id:"topup-comment",testid:"topup-comment",autocomplete:"off"})),t("button",{type:"submit",id:"topup-submit",testid:"topup-submit"},n("cashier.topUp")),y),M=U("writeoff-status"),L=t("form",{class:"card",testid:"writeoff-form",oninput:()=>c=null,onsubmit:v=>(v.preventDefault(),Q(v.target))},t("h2",{},n("cashier.writeOff")),t("label",{},n("field.amount"),t("input",{name:"amount",testid:"writeoff-amount",inputmode:"decimal",required:!0,autocomplete:"off"})),t("label",{},n("field.reason"),t("input",{name:"reason",testid:"writeoff-reason",required:!0,autocomplete:"off"})),t("button",{type:"submit",class:"danger",testid:"writeoff-submit"},n("cashier.writeOff")),M);function F(v){for(let D of[S,L])for(let g of D.elements)g.disabled=!v}async function O({form:v,statusEl:D,mutation:g,field:N,input:w,getKey:T,setKey:R,verb:C}){if(!r)return;if(!ue(w.amount))return h(D,n("form.badAmount"),"error");let A=T()||R(fe()),q=v.querySelector("button[type=submit]");q.disabled=!0,h(D,n("form.sending"),"info");try{let K=await I(g,{input:{...w,idempotencyKey:A}}),{transaction:re,wallet:Y}=K[N];R(null);let _=v.elements.paymentSystemId?.value;v.reset(),_&&(v.elements.paymentSystemId.value=_),q.textContent=C,r={...r,balance:Y.balance,version:Math.max(r.version,Y.version)},p(),h(D,n("cashier.done",{kind:Pe(re.kind),amount:P(re.amount,Y.currency),balance:P(Y.balance,Y.currency)}),"ok")}catch(K){K instanceof $&&K.retriable?(q.textContent=n("form.retry",{verb:C}),h(D,n("form.retryHint",{error:x(K)}),"error")):(R(null),h(D,x(K),"error"))}finally{q.disabled=!1}}function ne(v){let D=j(v);return O({form:v,statusEl:y,mutation:Xt,field:"topUpWallet",verb:n("cashier.topUp"),input:{walletNumber:r?.number,amount:D.amount,paymentSystemId:D.paymentSystemId,receipt:D.receipt,comment:D.comment||null},getKey:()=>o,setKey:g=>o=g})}function Q(v){let D=j(v);return O({form:v,statusEl:M,mutation:Jt,field:"writeOffWallet",verb:n("cashier.writeOff"),input:{walletNumber:r?.number,amount:D.amount,reason:D.reason},getKey:()=>c,setKey:g=>c=g})}let k=t("tbody",{testid:"recent-transactions"}),W=t("span",{class:"muted small",testid:"feed-status"},n("feed.connecting")),ee=new Set,ie=t("table",{class:"tx"},t("thead",{},t("tr",{},t("th",{},n("tx.when")),t("th",{},n("tx.wallet")),t("th",{},n("tx.what")),t("th",{class:"num"},n("tx.amount")),t("th",{class:"num"},n("tx.balanceAfter")),t("th",{},n("tx.details")))),k);b(e,t("h1",{},n("nav.cashier")),t("section",{class:"card"},t("h2",{},n("cashier.findTitle")),E,i,m),t("div",{class:"grid two"},S,L),zt(),t("section",{class:"card"},t("div",{class:"row"},t("h2",{},n("feed.title")),t("span",{class:"spacer"}),W),ie)),F(!1);let{recentTransactions:be}=await I(Zt,{first:50});be.edges.forEach(v=>ee.add(v.node.id)),b(k,xe(be.edges,{showWallet:!0,testid:"recent-row"}));let Te=Ie(tn,{},{next:({transactionFeed:v})=>{W.textContent=n("feed.live"),!ee.has(v.id)&&(ee.add(v.id),k.prepend(...xe([{node:v}],{showWallet:!0,testid:"recent-row"})))},error:v=>W.textContent=x(v),complete:()=>W.textContent=n("feed.ended")});W.textContent=n("feed.live"),a.push(Te)}var an=`# Users: users whose email or name contains \`search\` (e.g. to choose a cashier), with
# their roles. Page on with \`after\` = pageInfo.endCursor.
# Who may call: ADMIN.
# Example variables: {"search": "anna", "first": 20, "after": null}
query Users($search: String, $first: Int = 20, $after: String) {
  users(search: $search, first: $first, after: $after) {
    edges {
      cursor
      node {
        id
        email
        name
        roles
        createdAt
      }
    }
    pageInfo {
      hasPreviousPage
      hasNextPage
      startCursor
      endCursor
    }
  }
}
`;var rn=`# Cashiers: every current cashier, who appointed them (null when added from the command
# line) and when.
# Who may call: ADMIN.
# Example variables: {}
query Cashiers {
  cashiers {
    user {
      id
      email
      name
    }
    addedBy {
      id
      name
    }
    addedAt
  }
}
`;var on=`# CreateUser: creates a user account (with its wallet) on someone's behalf, e.g. a new
# cashier, without signing in as them.
# Who may call: ADMIN.
# Example variables: {"input": {"email": "ivan@example.com", "password": "initial-passw0rd", "name": "Ivan (desk 2)"}}
mutation CreateUser($input: CreateUserInput!) {
  createUser(input: $input) {
    id
    email
    name
    roles
    createdAt
    wallet {
      id
      number
    }
  }
}
`;var sn=`# AddCashier: appoints an existing user as a cashier.
# Who may call: ADMIN.
# Example variables: {"userId": "7"}
mutation AddCashier($userId: ID!) {
  addCashier(userId: $userId) {
    user {
      id
      email
      name
      roles
    }
    addedBy {
      id
      name
    }
    addedAt
  }
}
`;var ln=`# RemoveCashier: takes the cashier role away from a user; their cashier-only
# subscriptions end. Returns true when the user was a cashier.
# Who may call: ADMIN.
# Example variables: {"userId": "7"}
mutation RemoveCashier($userId: ID!) {
  removeCashier(userId: $userId)
}
`;async function cn(e){let a=t("tbody",{testid:"cashier-list"}),r=t("tbody",{testid:"user-results"}),s=U("cashiers-status"),o=new Set;async function c(){let{cashiers:d}=await I(rn);o=new Set(d.map(f=>f.user.id)),b(a,d.length?d.map(f=>t("tr",{testid:"cashier-row",dataset:{userId:f.user.id}},t("td",{},f.user.name),t("td",{},f.user.email),t("td",{class:"muted"},f.addedBy?`${f.addedBy.name}, `:`${n("cashiers.commandLine")}, `,J(f.addedAt)),t("td",{},t("button",{type:"button",class:"danger small",testid:`cashier-remove-${f.user.id}`,onclick:()=>u(()=>I(ln,{userId:f.user.id}),n("cashiers.removed",{name:f.user.name}))},n("action.remove"))))):t("tr",{},t("td",{colspan:4,class:"muted"},n("cashiers.none"))))}async function i(d){let{users:f}=await I(an,{search:d||null,first:20});b(r,f.edges.length?f.edges.map(({node:y})=>t("tr",{testid:"user-row",dataset:{userId:y.id}},t("td",{},y.name),t("td",{},y.email),t("td",{},y.roles.map(S=>n(`role.${S}`)).join(", ")),t("td",{},o.has(y.id)?t("span",{class:"badge"},n("role.CASHIER")):t("button",{type:"button",class:"small",testid:`make-cashier-${y.id}`,onclick:()=>u(()=>I(sn,{userId:y.id}),n("cashiers.added",{name:y.name}))},n("cashiers.make"))))):t("tr",{},t("td",{colspan:4,class:"muted"},n("cashiers.nobody"))))}let m="";async function u(d,f){try{await d(),h(s,f,"ok"),await c(),await i(m)}catch(y){h(s,x(y),"error")}}let E=t("form",{class:"row",onsubmit:d=>{d.preventDefault(),m=j(d.target).q,i(m).catch(f=>h(s,x(f),"error"))}},t("input",{name:"q",testid:"user-search",placeholder:n("cashiers.searchPlaceholder")}),t("button",{type:"submit",testid:"user-search-submit"},n("action.search"))),l=U("new-user-status"),p=t("form",{class:"card",testid:"new-user-form",onsubmit:async d=>{d.preventDefault();let f=j(d.target);try{let{createUser:y}=await I(on,{input:{email:f.email,name:f.name,password:f.password}});d.target.reset(),h(l,n("cashiers.created",{name:y.name,number:z(y.wallet.number)}),"ok"),m=y.email,await i(m)}catch(y){h(l,x(y),"error")}}},t("h2",{},n("cashiers.createUser")),t("label",{},n("field.name"),t("input",{name:"name",required:!0,testid:"new-user-name"})),t("label",{},n("field.email"),t("input",{name:"email",type:"email",required:!0,testid:"new-user-email"})),t("label",{},n("field.initialPassword"),t("input",{name:"password",type:"password",required:!0,minlength:8,testid:"new-user-password",autocomplete:"new-password"})),t("button",{type:"submit",testid:"new-user-submit"},n("cashiers.createUserSubmit")),l);b(e,t("h1",{},n("nav.cashiers")),s,t("section",{class:"card"},t("h2",{},n("cashiers.current")),t("table",{},t("thead",{},t("tr",{},t("th",{},n("field.name")),t("th",{},n("field.email")),t("th",{},n("cashiers.addedBy")),t("th",{}))),a)),t("div",{class:"grid two"},t("section",{class:"card"},t("h2",{},n("cashiers.find")),E,t("table",{},t("thead",{},t("tr",{},t("th",{},n("field.name")),t("th",{},n("field.email")),t("th",{},n("cashiers.roles")),t("th",{}))),r)),p)),await c(),await i("")}var dn=`# CreatePaymentSystemBinding: connects a payment system (provider, display name,
# merchant id, write-only secret) through which customers pay real funds.
# Who may call: ADMIN.
# Example variables: {"input": {"provider": "ROBOKASSA", "name": "Robokassa (main shop)", "merchantId": "kassa-shop", "secret": "pass1", "enabled": true}}
mutation CreatePaymentSystemBinding($input: CreatePaymentSystemBindingInput!) {
  createPaymentSystemBinding(input: $input) {
    id
    provider
    name
    enabled
    merchantId
    hasSecret
    createdAt
    updatedAt
  }
}
`;var _e=`# UpdatePaymentSystemBinding: renames, enables/disables or re-keys a payment system;
# fields left null stay as they are (a null secret keeps the stored one).
# Who may call: ADMIN.
# Example variables: {"id": "1", "input": {"enabled": false}}
mutation UpdatePaymentSystemBinding($id: ID!, $input: UpdatePaymentSystemBindingInput!) {
  updatePaymentSystemBinding(id: $id, input: $input) {
    id
    provider
    name
    enabled
    merchantId
    hasSecret
    createdAt
    updatedAt
  }
}
`;var pa=["YOOMONEY","QIWI","PAYMASTER","MYKASSA","ROBOKASSA","OTHER"],ua=["MD5","SHA1","SHA256","SHA384","SHA512"];function it({editing:e=null,online:a=!0,onDone:r,onCancel:s}){let o=U(e?"ps-edit-status":"ps-form-status");return t("form",{class:"card",testid:e?"ps-edit-form":"ps-form",onsubmit:async i=>{i.preventDefault();let m=j(i.target),u=a?{paymentSecret:m.paymentSecret||null,hashAlgorithm:m.hashAlgorithm||null,testMode:m.testMode}:{};try{if(e){let E={name:m.name||null,merchantId:m.merchantId||null,secret:m.secret||null,...u};await I(_e,{id:e.id,input:E}),h(o,n("ps.updated",{name:m.name||e.name}),"ok")}else{let E={provider:m.provider,name:m.name,merchantId:m.merchantId||null,secret:m.secret||null,enabled:m.enabled,...u};await I(dn,{input:E}),i.target.reset(),h(o,n("ps.connected",{name:m.name}),"ok")}for(let E of["secret","paymentSecret"])i.target.elements[E]&&(i.target.elements[E].value="");await r?.()}catch(E){h(o,x(E),"error")}}},t("h2",{},e?n("ps.editTitle",{name:e.name}):n("ps.connectTitle")),e?t("p",{class:"muted small"},n("ps.provider"),": ",t("strong",{},e.provider)):t("label",{},n("ps.provider"),t("select",{name:"provider",testid:"ps-provider"},pa.map(i=>t("option",{value:i},i)))),t("label",{},n("ps.nameShown"),t("input",{name:"name",required:!e,testid:"ps-name",value:e?.name,placeholder:"Robokassa"})),t("label",{},n("ps.merchantId"),t("input",{name:"merchantId",testid:"ps-merchant",autocomplete:"off",value:e?.merchantId})),t("label",{},n(e?"ps.secretKeep":"ps.secret"),t("input",{name:"secret",type:"password",testid:"ps-secret",autocomplete:"new-password"})),a?t("label",{},n(e?"ps.paymentSecretKeep":"ps.paymentSecret"),t("input",{name:"paymentSecret",type:"password",testid:"ps-payment-secret",autocomplete:"new-password"})):null,a?t("label",{},n("ps.hashAlgorithm"),t("select",{name:"hashAlgorithm",testid:"ps-hash"},ua.map(i=>t("option",{value:i,selected:(e?.hashAlgorithm||"MD5")===i},i)))):null,a?t("label",{class:"check"},t("input",{name:"testMode",type:"checkbox",checked:!!e?.testMode,testid:"ps-test-mode"}),n("ps.testMode")):null,e?null:t("label",{class:"check"},t("input",{name:"enabled",type:"checkbox",checked:!0,testid:"ps-enabled"}),n("ps.enabled")),t("p",{class:"muted small"},n("ps.secretsHelp")),t("div",{class:"row"},t("button",{type:"submit",testid:e?"ps-save":"ps-create"},e?n("action.save"):n("ps.connect")),e?t("button",{type:"button",class:"secondary",testid:"ps-cancel",onclick:()=>s?.()},n("action.cancel")):null),o)}async function fa(){try{return{list:(await I(Me)).paymentSystems,online:!0}}catch(e){if(!(e instanceof $&&e.codes.includes("GRAPHQL_VALIDATION_FAILED")))throw e;return{list:(await I(ye)).paymentSystems,online:!1}}}async function ha(e){if(navigator.clipboard?.writeText)try{return await navigator.clipboard.writeText(e)}catch{}let a=t("textarea",{class:"offscreen",readonly:!0},e);document.body.append(a),a.select(),document.execCommand("copy"),a.remove()}async function mn(e){let a=t("tbody",{testid:"ps-list"}),r=U("ps-status"),s=t("div",{testid:"ps-edit-slot"}),o=!0,c=l=>l==null?"\u2014":n(l?"common.yes":"common.no");function i(l){let p=l.notificationUrl?t("button",{type:"button",class:"small secondary",testid:`ps-copy-${l.id}`,title:l.notificationUrl,onclick:async()=>{try{await ha(l.notificationUrl),h(r,n("ps.copied",{name:l.name}),"ok")}catch{h(r,n("ps.copyFailed"),"error")}}},n("action.copy")):null;return t("tr",{testid:"ps-row",dataset:{id:l.id,enabled:String(l.enabled),online:String(!!l.acceptsOnlinePayments)}},t("td",{},t("strong",{},l.name),t("div",{class:"muted small"},l.provider)),t("td",{class:"mono"},l.merchantId??"\u2014"),o?t("td",{class:"url"},l.notificationUrl?t("code",{testid:`ps-notification-url-${l.id}`},l.notificationUrl):"\u2014"," ",p):null,o?t("td",{testid:`ps-online-${l.id}`},c(l.acceptsOnlinePayments)):null,o?t("td",{},l.hashAlgorithm??"\u2014"):null,o?t("td",{},c(l.testMode)):null,t("td",{class:"small"},t("div",{},`${n("ps.secretShort")}: ${l.hasSecret?n("ps.stored"):"\u2014"}`),o?t("div",{},`${n("ps.paymentSecretShort")}: ${l.hasPaymentSecret?n("ps.stored"):"\u2014"}`):null),t("td",{},t("span",{class:`badge ${l.enabled?"on":"off"}`},n(l.enabled?"ps.on":"ps.off"))),t("td",{class:"nowrap"},t("button",{type:"button",class:"small secondary",testid:`ps-toggle-${l.id}`,onclick:async()=>{try{await I(_e,{id:l.id,input:{enabled:!l.enabled}}),h(r,n(l.enabled?"ps.nowOff":"ps.nowOn",{name:l.name}),"ok"),await E()}catch(d){h(r,x(d),"error")}}},n(l.enabled?"ps.disable":"ps.enable"))," ",t("button",{type:"button",class:"small secondary",testid:`ps-edit-${l.id}`,onclick:()=>m(l)},n("action.edit"))))}function m(l){b(s,it({editing:l,online:o,onDone:async()=>(b(s),await E()),onCancel:()=>b(s)})),s.scrollIntoView?.({block:"nearest"})}let u=t("thead");async function E(){let l=await fa();o=l.online;let p=[n("field.name"),n("ps.merchantId"),o&&n("ps.notificationUrl"),o&&n("ps.online"),o&&n("ps.hashAlgorithm"),o&&n("ps.testModeShort"),n("ps.secrets"),n("ps.state"),""].filter(d=>d!==!1);b(u,t("tr",{},p.map(d=>t("th",{},d)))),b(a,l.list.length?l.list.map(i):t("tr",{},t("td",{colspan:p.length,class:"muted"},n("ps.none"))))}await E(),b(e,t("h1",{},n("nav.paymentSystems")),r,t("section",{class:"card scroll"},t("table",{},u,a)),s,it({online:o,onDone:E}))}var pn=`# ADMIN: administrative acts, newest first.
query AuditLog($action: AuditAction, $first: Int = 20, $after: String) {
  auditLog(action: $action, first: $first, after: $after) {
    edges {
      cursor
      node {
        id
        action
        details
        createdAt
        actor {
          id
          name
          email
        }
        subjectUser {
          id
          name
          email
        }
        subjectPaymentSystem {
          id
          name
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
`;var ga=["USER_CREATED","ADMIN_CREATED","CASHIER_ADDED","CASHIER_REMOVED","PAYMENT_SYSTEM_CREATED","PAYMENT_SYSTEM_UPDATED","SECRETS_ROTATED","INVOICE_RESOLVED"],ba=20;async function un(e){let a=t("tbody",{testid:"audit-list"}),r=U("audit-status"),s=t("select",{testid:"audit-action","aria-label":n("audit.action")},t("option",{value:""},n("audit.all")),ga.map(p=>t("option",{value:p},n(`audit.${p}`)))),o=t("button",{type:"button",class:"secondary",testid:"audit-prev"},n("history.newer")),c=t("button",{type:"button",class:"secondary",testid:"audit-next"},n("history.older")),i=t("span",{class:"muted",testid:"audit-page"}),m=[null],u=0;async function E(){let{auditLog:p}=await I(pn,{action:s.value||null,first:ba,after:m[u]}),d=p.edges;b(a,d.length?d.map(({node:f})=>wa(f)):t("tr",{},t("td",{colspan:5,class:"muted"},n("audit.empty")))),m[u+1]=p.pageInfo.endCursor,c.disabled=!p.pageInfo.hasNextPage,o.disabled=u===0,i.textContent=n("history.page",{n:u+1}),a.dataset.loaded=`${s.value}|${u}`}let l=()=>E().catch(p=>h(r,x(p),"error"));s.onchange=()=>{m=[null],u=0,l()},o.onclick=()=>{u=Math.max(0,u-1),l()},c.onclick=()=>{u+=1,m=m.slice(0,u+1),l()},b(e,t("h1",{},n("nav.audit")),t("section",{class:"card"},t("div",{class:"row"},t("label",{class:"inline"},n("audit.action"),s),t("span",{class:"spacer"}),o,i,c),t("table",{},t("thead",{},t("tr",{},t("th",{},n("tx.when")),t("th",{},n("audit.action")),t("th",{},n("audit.actor")),t("th",{},n("audit.subject")),t("th",{},n("tx.details")))),a),r)),await E()}function wa(e){let a=[e.subjectUser&&`${e.subjectUser.name} <${e.subjectUser.email}>`,e.subjectPaymentSystem?.name].filter(Boolean).join(" \xB7 ");return t("tr",{testid:"audit-row",dataset:{id:e.id,action:e.action}},t("td",{class:"nowrap"},J(e.createdAt)),t("td",{},t("span",{class:"badge"},n(`audit.${e.action}`))),t("td",{},e.actor?t("span",{title:e.actor.email},e.actor.name):t("span",{class:"muted"},n("cashiers.commandLine"))),t("td",{},a||"\u2014"),t("td",{class:"details"},e.details))}function We(e){if(e==null||e==="")return 0n;let a=/^(-?)(\d+)(?:\.(\d+))?$/.exec(String(e));if(!a)throw new Error(`not an amount: ${e}`);let r=(a[3]||"").padEnd(2,"0");if(/[1-9]/.test(r.slice(2)))throw new Error(`more than 2 fraction digits: ${e}`);let s=BigInt(a[2])*100n+BigInt(r.slice(0,2));return a[1]?-s:s}function Ae(e){let a=e<0n,r=a?-e:e;return`${a?"-":""}${r/100n}.${String(r%100n).padStart(2,"0")}`}function fn(e,a){let r=[],s=Date.parse(`${a}T00:00:00Z`);for(let o=Date.parse(`${e}T00:00:00Z`);o<=s&&r.length<400;o+=864e5)r.push(new Date(o).toISOString().slice(0,10));return r}function hn(e,a){return{since:`${e}T00:00:00Z`,until:new Date(Date.parse(`${a}T00:00:00Z`)+864e5).toISOString().replace(".000Z","Z")}}function yn(e,a){let r=new Map(a.map(s=>[s,{topUps:0,total:0n,online:0n}]));for(let s of e){let o=r.get(s.day)??r.set(s.day,{topUps:0,total:0n,online:0n}).get(s.day);o.topUps+=s.topUps,o.total+=We(s.topUpAmount),o.online+=We(s.onlineTopUpAmount)}return[...r.entries()].sort(([s],[o])=>s<o?-1:s>o?1:0).map(([s,o])=>({day:s,topUps:o.topUps,amount:Ae(o.total),online:Ae(o.online),cashier:Ae(o.total-o.online),onlineCents:o.online,cashierCents:o.total-o.online}))}function gn(e){let a=new Map;for(let r of e){let s=r.paymentSystem.id,o=a.get(s)??a.set(s,{paymentSystem:r.paymentSystem,topUps:0,onlineTopUps:0,total:0n,online:0n}).get(s);o.topUps+=r.topUps,o.onlineTopUps+=r.onlineTopUps,o.total+=We(r.topUpAmount),o.online+=We(r.onlineTopUpAmount)}return[...a.values()].map(r=>({paymentSystem:r.paymentSystem,topUps:r.topUps,onlineTopUps:r.onlineTopUps,amount:Ae(r.total),online:Ae(r.online)}))}function bn(e,{width:a,height:r,top:s=10,bottom:o=20}){let c=e.reduce((l,p)=>p.onlineCents+p.cashierCents>l?p.onlineCents+p.cashierCents:l,0n),i=r-s-o,m=e.length?a/e.length:a,u=Math.max(1,m*.7),E=l=>c===0n?0:Number(l*10000n/c)/1e4*i;return e.map((l,p)=>{let d=E(l.cashierCents),f=E(l.onlineCents),y=s+i;return{day:l.day,x:p*m+(m-u)/2,w:u,yCashier:y-d,hCashier:d,yOnline:y-d-f,hOnline:f}})}var wn=`# ADMIN: per day (UTC) and payment system, the top-ups, cashier and online apart.
query PaymentSystemReport($since: DateTime!, $until: DateTime!) {
  paymentSystemReport(since: $since, until: $until) {
    day
    topUps
    topUpAmount
    onlineTopUps
    onlineTopUpAmount
    paymentSystem {
      id
      name
      provider
    }
  }
}
`;var va="http://www.w3.org/2000/svg";function ge(e,a={},...r){let s=document.createElementNS(va,e);for(let[o,c]of Object.entries(a))c!=null&&s.setAttribute(o,String(c));for(let o of r.flat())o!=null&&s.append(o instanceof Node?o:document.createTextNode(String(o)));return s}var Ia=()=>new Date().toISOString().slice(0,10),Ea=e=>new Date(Date.now()-e*864e5).toISOString().slice(0,10);async function Sn(e){let a=U("report-status"),r=t("input",{type:"date",name:"from",testid:"report-from",value:Ea(29),required:!0}),s=t("input",{type:"date",name:"to",testid:"report-to",value:Ia(),required:!0}),o=t("div",{class:"chart",testid:"report-chart"}),c=t("tbody",{testid:"report-rows"}),i=t("tbody",{testid:"report-totals"}),m=t("form",{class:"row",testid:"report-form",onsubmit:l=>(l.preventDefault(),u().catch(p=>h(a,x(p),"error")))},t("label",{class:"inline"},n("report.from"),r),t("label",{class:"inline"},n("report.to"),s),t("button",{type:"submit",testid:"report-submit"},n("report.show")));async function u(){if(!r.value||!s.value||r.value>s.value)return h(a,n("report.badRange"),"error");h(a,n("report.loading"),"info");let{since:l,until:p}=hn(r.value,s.value),{paymentSystemReport:d}=await I(wn,{since:l,until:p});h(a,"","ok");let f=fn(r.value,s.value);Aa(o,yn(d,f)),b(c,d.length?d.map(xa):t("tr",{},t("td",{colspan:6,class:"muted"},n("report.empty")))),b(i,gn(d).map(y=>t("tr",{testid:"report-total",dataset:{paymentSystem:y.paymentSystem.id,amount:y.amount,online:y.online}},t("td",{},y.paymentSystem.name),t("td",{class:"num"},String(y.topUps)),t("td",{class:"num"},P(y.amount)),t("td",{class:"num"},String(y.onlineTopUps)),t("td",{class:"num"},P(y.online))))),c.dataset.loaded=`${l}|${p}|${d.length}`}let E=l=>t("thead",{},t("tr",{},l,t("th",{class:"num"},n("report.topUps")),t("th",{class:"num"},n("report.amount")),t("th",{class:"num"},n("report.onlineTopUps")),t("th",{class:"num"},n("report.onlineAmount"))));b(e,t("h1",{},n("nav.report")),t("section",{class:"card"},m,t("p",{class:"muted small"},n("report.explain")),a),t("section",{class:"card"},t("h2",{},n("report.chart")),o),t("section",{class:"card"},t("h2",{},n("report.bySystem")),t("table",{},E(t("th",{},n("field.paymentSystem"))),i)),t("section",{class:"card"},t("h2",{},n("report.byDay")),t("table",{},E([t("th",{},n("report.day")),t("th",{},n("field.paymentSystem"))]),c))),await u()}function xa(e){return t("tr",{testid:"report-row",dataset:{day:e.day,paymentSystem:e.paymentSystem.id,amount:e.topUpAmount??"0.00",online:e.onlineTopUpAmount??"0.00"}},t("td",{class:"nowrap"},Je(e.day)),t("td",{},e.paymentSystem.name),t("td",{class:"num"},String(e.topUps)),t("td",{class:"num"},Xe(e.topUpAmount??"0")),t("td",{class:"num"},String(e.onlineTopUps)),t("td",{class:"num"},Xe(e.onlineTopUpAmount??"0")))}function Aa(e,a){let o=bn(a,{width:960,height:210}),c=Math.max(1,Math.ceil(a.length/12)),i=ge("svg",{viewBox:"0 0 960 220",role:"img","aria-label":n("report.chart"),"data-testid":"report-svg",preserveAspectRatio:"none",class:"bars"},o.map((u,E)=>{let l=a[E],p=ge("title",{},`${Je(l.day)}: ${P(l.amount)} (${n("report.online")} ${P(l.online)}, ${n("report.cashier")} ${P(l.cashier)})`);return ge("g",{"data-testid":"report-bar","data-day":l.day,"data-amount":l.amount,"data-online":l.online},p,ge("rect",{class:"cashier",x:u.x.toFixed(1),y:u.yCashier.toFixed(1),width:u.w.toFixed(1),height:u.hCashier.toFixed(1)}),ge("rect",{class:"online",x:u.x.toFixed(1),y:u.yOnline.toFixed(1),width:u.w.toFixed(1),height:u.hOnline.toFixed(1)}),E%c===0?ge("text",{x:(u.x+u.w/2).toFixed(1),y:216,"text-anchor":"middle",class:"label"},l.day.slice(5)):null)})),m=t("div",{class:"legend small"},t("span",{class:"swatch cashier"}),` ${n("report.cashier")} `,t("span",{class:"swatch online"}),` ${n("report.online")}`);b(e,i,m)}var vn=document.getElementById("page"),Be=class{constructor(){te(this,"fns",[]);te(this,"disposed",!1)}push(a){this.disposed?a():this.fns.push(a)}dispose(){this.disposed=!0,this.fns.splice(0).forEach(a=>a())}},lt=new Be,Ta={"#/login":Lt,"#/wallet":Gt,"#/cashier":nn,"#/admin/cashiers":cn,"#/admin/payment-systems":mn,"#/admin/audit":un,"#/admin/report":Sn};async function Le(){lt.dispose(),lt=new Be;let e=location.hash.split("?")[0]||"#/wallet",a=se();if(!a&&e!=="#/login"){location.hash="#/login";return}if(a&&e==="#/login"){location.hash="#/wallet";return}let r=Ta[e]||ka;Oe();let s=t("div",{class:"view"});b(vn,s),vn.dataset.route=e;try{await r(s,lt)}catch(o){s.append(t("p",{class:"error",testid:"page-error"},x(o)))}}function ka(e){b(e,t("h1",{},n("notFound.title")),t("p",{},t("a",{href:"#/wallet"},n("notFound.back"))))}Nt(e=>{e?(rt(),location.hash="#/wallet"):(ot(),Oe(),location.hash!=="#/login"&&(location.hash="#/login"))});window.addEventListener("hashchange",Le);Ne(()=>Le());(async()=>{try{await Ut()}catch(e){b(document.getElementById("page"),t("p",{class:"error",testid:"page-error"},n("app.unreachable",{url:me.http,error:x(e)})));return}se()&&rt(),location.hash?Le():location.hash=se()?"#/wallet":"#/login"})();
