var On=Object.defineProperty;var _n=(t,a,r)=>a in t?On(t,a,{enumerable:!0,configurable:!0,writable:!0,value:r}):t[a]=r;var te=(t,a,r)=>_n(t,typeof a!="symbol"?a+"":a,r);function V(t){return t===null?"null":Array.isArray(t)?"array":typeof t}function ae(t){return V(t)==="object"}function Mn(t){return Array.isArray(t)&&t.length>0&&t.every(a=>"message"in a)}function Fe(t,a){return t.length<124?t:a}var dt="graphql-transport-ws";var G=(t=>(t[t.InternalServerError=4500]="InternalServerError",t[t.InternalClientError=4005]="InternalClientError",t[t.BadRequest=4400]="BadRequest",t[t.BadResponse=4004]="BadResponse",t[t.Unauthorized=4401]="Unauthorized",t[t.Forbidden=4403]="Forbidden",t[t.SubprotocolNotAcceptable=4406]="SubprotocolNotAcceptable",t[t.ConnectionInitialisationTimeout=4408]="ConnectionInitialisationTimeout",t[t.ConnectionAcknowledgementTimeout=4504]="ConnectionAcknowledgementTimeout",t[t.SubscriberAlreadyExists=4409]="SubscriberAlreadyExists",t[t.TooManyInitialisationRequests=4429]="TooManyInitialisationRequests",t))(G||{}),j=(t=>(t.ConnectionInit="connection_init",t.ConnectionAck="connection_ack",t.Ping="ping",t.Pong="pong",t.Subscribe="subscribe",t.Next="next",t.Error="error",t.Complete="complete",t))(j||{});function mt(t){if(!ae(t))throw new Error(`Message is expected to be an object, but got ${V(t)}`);if(!t.type)throw new Error("Message is missing the 'type' property");if(typeof t.type!="string")throw new Error(`Message is expects the 'type' property to be a string, but got ${V(t.type)}`);switch(t.type){case"connection_init":case"connection_ack":case"ping":case"pong":{if(t.payload!=null&&!ae(t.payload))throw new Error(`"${t.type}" message expects the 'payload' property to be an object or nullish or missing, but got "${t.payload}"`);break}case"subscribe":{if(typeof t.id!="string")throw new Error(`"${t.type}" message expects the 'id' property to be a string, but got ${V(t.id)}`);if(!t.id)throw new Error(`"${t.type}" message requires a non-empty 'id' property`);if(!ae(t.payload))throw new Error(`"${t.type}" message expects the 'payload' property to be an object, but got ${V(t.payload)}`);if(typeof t.payload.query!="string")throw new Error(`"${t.type}" message payload expects the 'query' property to be a string, but got ${V(t.payload.query)}`);if(t.payload.variables!=null&&!ae(t.payload.variables))throw new Error(`"${t.type}" message payload expects the 'variables' property to be a an object or nullish or missing, but got ${V(t.payload.variables)}`);if(t.payload.operationName!=null&&V(t.payload.operationName)!=="string")throw new Error(`"${t.type}" message payload expects the 'operationName' property to be a string or nullish or missing, but got ${V(t.payload.operationName)}`);if(t.payload.extensions!=null&&!ae(t.payload.extensions))throw new Error(`"${t.type}" message payload expects the 'extensions' property to be a an object or nullish or missing, but got ${V(t.payload.extensions)}`);break}case"next":{if(typeof t.id!="string")throw new Error(`"${t.type}" message expects the 'id' property to be a string, but got ${V(t.id)}`);if(!t.id)throw new Error(`"${t.type}" message requires a non-empty 'id' property`);if(!ae(t.payload))throw new Error(`"${t.type}" message expects the 'payload' property to be an object, but got ${V(t.payload)}`);break}case"error":{if(typeof t.id!="string")throw new Error(`"${t.type}" message expects the 'id' property to be a string, but got ${V(t.id)}`);if(!t.id)throw new Error(`"${t.type}" message requires a non-empty 'id' property`);if(!Mn(t.payload))throw new Error(`"${t.type}" message expects the 'payload' property to be an array of GraphQL errors, but got ${JSON.stringify(t.payload)}`);break}case"complete":{if(typeof t.id!="string")throw new Error(`"${t.type}" message expects the 'id' property to be a string, but got ${V(t.id)}`);if(!t.id)throw new Error(`"${t.type}" message requires a non-empty 'id' property`);break}default:throw new Error(`Invalid message 'type' property "${t.type}"`)}return t}function pt(t,a){return mt(typeof t=="string"?JSON.parse(t,a):t)}function le(t,a){return mt(t),JSON.stringify(t,a)}function qe(t){let{url:a,connectionParams:r,lazy:s=!0,onNonLazyError:o=console.error,lazyCloseTimeout:d=0,keepAlive:i=0,disablePong:u,connectionAckWaitTimeout:f=0,retryAttempts:S=5,retryWait:c=async function(N){let v=Math.pow(2,N);await new Promise(k=>setTimeout(k,v*1e3+Math.floor(Math.random()*2700+300)))},shouldRetry:m=Ke,on:l,webSocketImpl:p,generateID:h=function(){return"xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g,N=>{let v=Math.random()*16|0;return(N=="x"?v:v&3|8).toString(16)})},jsonMessageReplacer:E,jsonMessageReviver:_}=t,B;if(p){if(!Ln(p))throw new Error("Invalid WebSocket implementation provided");B=p}else typeof WebSocket<"u"?B=WebSocket:typeof global<"u"?B=global.WebSocket||global.MozWebSocket:typeof window<"u"&&(B=window.WebSocket||window.MozWebSocket);if(!B)throw new Error("WebSocket implementation missing; on Node you can `import WebSocket from 'ws';` and pass `webSocketImpl: WebSocket` to `createClient`");let q=B,O=(()=>{let w=(()=>{let v={};return{on(k,D){return v[k]=D,()=>{delete v[k]}},emit(k){"id"in k&&v[k.id]?.(k)}}})(),N={connecting:l?.connecting?[l.connecting]:[],opened:l?.opened?[l.opened]:[],connected:l?.connected?[l.connected]:[],ping:l?.ping?[l.ping]:[],pong:l?.pong?[l.pong]:[],message:l?.message?[w.emit,l.message]:[w.emit],closed:l?.closed?[l.closed]:[],error:l?.error?[l.error]:[]};return{onMessage:w.on,on(v,k){let D=N[v];return D.push(k),()=>{let C=D.indexOf(k);C>-1&&D.splice(C,1)}},emit(v,...k){for(let D of[...N[v]])D(...k)}}})();function ne(w){let N=[O.on("error",v=>{N.forEach(k=>k()),w(v)}),O.on("closed",v=>{N.forEach(k=>k()),w(v)})];return()=>N.forEach(v=>v())}let Z,T=0,W,ee=!1,ie=0,be=!1;async function ke(){clearTimeout(W);let[w,N]=await(Z??(Z=new Promise((D,C)=>(async()=>{if(ee){if(await c(ie),!T)return Z=void 0,C({code:1e3,reason:"All Subscriptions Gone"});ie++}O.emit("connecting",ee);let x=new q(typeof a=="function"?await a():a,dt),H,Y;function re(){isFinite(i)&&i>0&&(clearTimeout(Y),Y=setTimeout(()=>{x.readyState===q.OPEN&&(x.send(le({type:j.Ping})),O.emit("ping",!1,void 0))},i))}ne(M=>{Z=void 0,clearTimeout(H),clearTimeout(Y),C(M),M instanceof we&&(x.close(4499,"Terminated"),x.onerror=null,x.onclose=null)}),x.onerror=M=>O.emit("error",M),x.onclose=M=>O.emit("closed",M),x.onopen=async()=>{try{O.emit("opened",x);let M=typeof r=="function"?await r():r;if(x.readyState!==q.OPEN)return;x.send(le(M?{type:j.ConnectionInit,payload:M}:{type:j.ConnectionInit},E)),isFinite(f)&&f>0&&(H=setTimeout(()=>{x.close(G.ConnectionAcknowledgementTimeout,"Connection acknowledgement timeout")},f)),re()}catch(M){O.emit("error",M),x.close(G.InternalClientError,Fe(M instanceof Error?M.message:String(M),"Internal client error"))}};let z=!1;x.onmessage=({data:M})=>{try{let L=pt(M,_);if(O.emit("message",L),L.type==="ping"||L.type==="pong"){O.emit(L.type,!0,L.payload),L.type==="pong"?re():u||(x.send(le(L.payload?{type:j.Pong,payload:L.payload}:{type:j.Pong},E)),O.emit("pong",!1,L.payload));return}if(z)return;if(L.type!==j.ConnectionAck)throw new Error(`First message cannot be of type ${L.type}`);clearTimeout(H),z=!0,O.emit("connected",x,L.payload,ee),ee=!1,ie=0;let ct=new Promise((Ga,$n)=>ne($n));ct.catch(()=>{}),D([x,ct])}catch(L){x.onmessage=null,O.emit("error",L),x.close(G.BadResponse,Fe(L instanceof Error?L.message:String(L),"Bad response"))}}})())));w.readyState===q.CLOSING&&await N;let v=()=>{},k=new Promise(D=>v=D);return[w,v,new Promise((D,C)=>{let x=ne(C);w.readyState!==q.OPEN&&N.catch(C),k.then(()=>{if(x(),!T){let H=()=>w.close(1e3,"Normal Closure");isFinite(d)&&d>0?(clearTimeout(W),W=setTimeout(()=>{!T&&w.readyState===q.OPEN&&H()},d)):H()}D()})})]}function I(w){if(Ke(w)&&(Wn(w.code)||[G.InternalServerError,G.InternalClientError,G.BadRequest,G.BadResponse,G.Unauthorized,G.SubprotocolNotAcceptable,G.SubscriberAlreadyExists,G.TooManyInitialisationRequests].includes(w.code)))throw w;if(be)return!1;if(Ke(w)&&w.code===1e3)return T>0;if(!S||ie>=S||!m(w))throw w;return ee=!0}s||(async()=>{for(T++;;)try{let[,,w]=await ke();await w}catch(w){try{if(!I(w))return}catch(N){return o?.(N)}}})();function U(w,N){let v=h(w),k=!1,D=!1,C=()=>{T--,k=!0};return(async()=>{for(T++;;)try{let[x,H,Y]=await ke();if(k)return Y.catch(()=>{}),H();let re=O.onMessage(v,z=>{switch(z.type){case j.Next:{N.next(z.payload);return}case j.Error:{D=!0,k=!0,N.error(z.payload),C();return}case j.Complete:{k=!0,C();return}}});x.send(le({id:v,type:j.Subscribe,payload:w},E)),C=()=>{!k&&x.readyState===q.OPEN&&x.send(le({id:v,type:j.Complete},E)),T--,k=!0,H()},await Y.finally(re);return}catch(x){if(!I(x))return}})().then(()=>{D||N.complete()}).catch(x=>{N.error(x)}),()=>{k||C()}}return{on:O.on,subscribe:U,iterate(w){let N=[],v={done:!1,error:null,resolve:()=>{}},k=U(w,{next(C){N.push(C),v.resolve()},error(C){v.done=!0,v.error=C,v.resolve()},complete(){v.done=!0,v.resolve()}}),D=(async function*(){for(;;){for(N.length||await new Promise(x=>v.resolve=x);N.length;)yield N.shift();if(v.error)throw v.error;if(v.done)return}})();return D.throw=async C=>(v.done||(v.done=!0,v.error=C,v.resolve()),{done:!0,value:void 0}),D.return=async()=>(k(),{done:!0,value:void 0}),D},async dispose(){if(be=!0,Z){let[w]=await Z;w.close(1e3,"Normal Closure")}},terminate(){Z&&O.emit("closed",new we)}}}var we=class extends Error{constructor(){super(...arguments);te(this,"name","TerminatedCloseEvent");te(this,"message","4499: Terminated");te(this,"code",4499);te(this,"reason","Terminated");te(this,"wasClean",!1)}};function Ke(t){return ae(t)&&"code"in t&&"reason"in t}function Wn(t){return[1e3,1001,1006,1005,1012,1013,1014].includes(t)?!1:t>=1e3&&t<=1999}function Ln(t){return typeof t=="function"&&"constructor"in t&&"CLOSED"in t&&"CLOSING"in t&&"CONNECTING"in t&&"OPEN"in t}var ut={"app.title":"Kassa wallet","app.unreachable":"Cannot reach Kassa at {url}: {error}","lang.en":"English","lang.ru":"\u0420\u0443\u0441\u0441\u043A\u0438\u0439","nav.wallet":"My wallet","nav.cashier":"Wallet top-up","nav.cashiers":"Cashiers","nav.paymentSystems":"Payment systems","nav.audit":"Audit log","nav.report":"Report","nav.language":"Language","nav.signOut":"Sign out","notFound.title":"Page not found","notFound.back":"Back to my wallet","common.yes":"yes","common.no":"no","action.cancel":"Cancel","action.copy":"Copy","action.edit":"Edit","action.remove":"Remove","action.save":"Save","action.search":"Search","field.amount":"Amount","field.email":"Email","field.name":"Name","field.password":"Password","field.newPassword":"Password (8 to 128 characters)","field.initialPassword":"Initial password","field.paymentSystem":"Payment system","field.reason":"Reason","form.badAmount":"The amount must look like 1250 or 1250.50 (digits, a dot, at most 2 decimals).","form.sending":"Sending\u2026","form.retry":"Retry: {verb}","form.retryHint":"{error} Press the button again: it is safe, the same request is sent again.","widget.balance":"Balance","widget.socket.connected":"live","widget.socket.connecting":"connecting\u2026","widget.socket.closed":"reconnecting\u2026","widget.socket.error":"connection error","login.signIn":"Sign in","login.signingIn":"Signing in\u2026","login.signUp":"Sign up","login.creating":"Creating your wallet\u2026","login.newHere":"New here? Create a wallet","login.wrong":"Wrong email or password.","login.signUpRefused":"The email is invalid or already registered, or the password is not 8 to 128 characters.","login.api":"API: {url}","wallet.number":"Wallet number","wallet.tellCashier":"Tell this number to the cashier when you top up.","wallet.howToTopUp":"How to top up at a cashier","wallet.step1":"Pay the amount you want through one of these payment systems:","wallet.step2":"Keep the receipt or payment number.","wallet.step3":"Give the cashier the receipt and your wallet number","wallet.max":"Up to {amount} per operation.","wallet.unavailable":"Top-up not available yet","history.title":"History","history.newer":"\u2190 Newer","history.older":"Older \u2192","history.page":"Page {n}","history.none":"No transactions yet.","history.noOlder":"No older transactions.","tx.when":"When","tx.what":"What","tx.wallet":"Wallet","tx.amount":"Amount","tx.balanceAfter":"Balance after","tx.details":"Details","tx.by":"by {name}","tx.invoice":"online, invoice {number}","kind.TOP_UP":"Top-up","kind.WRITE_OFF":"Write-off","kind.PAYMENT":"Payment","kind.REFUND":"Refund","role.CUSTOMER":"Customer","role.CASHIER":"Cashier","role.ADMIN":"Admin","online.title":"Top up online","online.explain":"Pay on the payment system\u2019s page; the balance changes by itself as soon as it confirms the payment.","online.submit":"Top up online","online.starting":"Creating the invoice\u2026","online.redirecting":"Going to {system}\u2026","online.none":"Online top-up is not available: no payment system accepts online payments yet. Top up at a cashier\u2019s desk.","online.notOnThisServer":"This server does not take online payments yet.","online.invoices":"My online top-ups","online.noInvoices":"No online top-ups yet.","online.waiting":"waiting for the payment system\u2026","invoice.number":"Invoice","invoice.status":"Status","invoice.PENDING":"Waiting for payment","invoice.PAID":"Paid","invoice.EXPIRED":"Expired","invoice.REVIEW":"Under review","cashier.walletNumber":"Wallet number","cashier.findTitle":"Find the wallet","cashier.find":"Find wallet","cashier.checkDigit":"Checking\u2026 (the check digit looks wrong)","cashier.lookingUp":"Looking up\u2026","cashier.noWallet":"No wallet has the number {number}.","cashier.balance":"Balance:","cashier.topUp":"Top up","cashier.writeOff":"Write off","cashier.noSystem":"No payment system is enabled","cashier.receipt":"Receipt number","cashier.comment":"Comment","cashier.done":"Done: {kind} of {amount}; balance now {balance}.","feed.title":"Last 24 hours","feed.connecting":"connecting\u2026","feed.live":"live","feed.ended":"feed ended","review.title":"Online payments to review","review.explain":"The payment system confirmed these with a valid signature, but the payment does not match the invoice (amount, currency, merchant, or a second payment). Check the payment system\u2019s statement, then credit or reject.","review.empty":"Nothing to review.","review.reasonPlaceholder":"why (required)","review.needReason":"Write the reason first.","review.creditAmount":"Amount to credit","review.amountPlaceholder":"as reported","review.paid":"paid {amount}","review.credit":"Credit","review.reject":"Reject","review.credited":"Invoice {number} credited.","review.rejected":"Invoice {number} rejected.","cashiers.current":"Current cashiers","cashiers.addedBy":"Added by","cashiers.commandLine":"command line","cashiers.none":"No cashiers yet.","cashiers.removed":"{name} is no longer a cashier.","cashiers.added":"{name} is now a cashier.","cashiers.make":"Make cashier","cashiers.nobody":"Nobody matches.","cashiers.find":"Find a user","cashiers.searchPlaceholder":"name or email","cashiers.roles":"Roles","cashiers.createUser":"Create a user","cashiers.createUserSubmit":"Create user","cashiers.created":"Created {name} (wallet {number}).","ps.none":"No payment system is connected: customers cannot top up yet.","ps.provider":"Provider","ps.nameShown":"Name shown to customers","ps.merchantId":"Merchant id","ps.notificationUrl":"Notification URL","ps.online":"Online payments","ps.hashAlgorithm":"Hash algorithm","ps.testMode":"Test mode (payment links go to the provider\u2019s test mode)","ps.testModeShort":"Test mode","ps.secrets":"Secrets","ps.secretShort":"notifications","ps.paymentSecretShort":"payment links","ps.stored":"stored","ps.state":"State","ps.on":"enabled","ps.off":"disabled","ps.enable":"Enable","ps.disable":"Disable","ps.nowOn":"{name} is now enabled.","ps.nowOff":"{name} is now disabled.","ps.copied":"The notification URL of {name} is copied.","ps.copyFailed":"Could not copy: select the address and copy it by hand.","ps.connectTitle":"Connect a payment system","ps.editTitle":"Edit {name}","ps.connect":"Connect","ps.connected":"Connected {name}.","ps.updated":"Saved {name}.","ps.enabled":"Enabled","ps.secret":"Notification secret (write-only)","ps.secretKeep":"New notification secret (empty keeps the stored one)","ps.paymentSecret":"Payment-link secret (write-only)","ps.paymentSecretKeep":"New payment-link secret (empty keeps the stored one)","ps.secretsHelp":"Notification secret: Robokassa Password #2, YooMoney notification_secret, QIWI secret key, PayMaster secret key, MyKassa secret word 2. Payment-link secret: Robokassa Password #1, MyKassa secret word 1, QIWI public key. Secrets are never shown again.","audit.action":"Action","audit.all":"All actions","audit.actor":"Who","audit.subject":"About","audit.empty":"No entries.","audit.USER_CREATED":"User created","audit.ADMIN_CREATED":"Admin created","audit.CASHIER_ADDED":"Cashier added","audit.CASHIER_REMOVED":"Cashier removed","audit.PAYMENT_SYSTEM_CREATED":"Payment system connected","audit.PAYMENT_SYSTEM_UPDATED":"Payment system changed","audit.SECRETS_ROTATED":"Secrets re-sealed","audit.INVOICE_RESOLVED":"Invoice resolved","report.from":"From","report.to":"To (inclusive)","report.show":"Show","report.explain":"Days are UTC. Each row: the top-ups through one payment system on one day, and of those the ones credited online by the payment system\u2019s notification.","report.loading":"Loading\u2026","report.badRange":"Choose a first day that is not after the last.","report.empty":"No top-ups in this range.","report.chart":"Top-ups per day","report.bySystem":"Per payment system","report.byDay":"Per day and payment system","report.day":"Day","report.topUps":"Top-ups","report.amount":"Amount","report.onlineTopUps":"Of them online","report.onlineAmount":"Online amount","report.online":"online","report.cashier":"by cashiers","error.generic":"Something went wrong (code {code}). Try again later.","error.UNAUTHENTICATED":"Please sign in again: wrong email or password, or the session has ended.","error.FORBIDDEN":"You are not allowed to do this.","error.NOT_FOUND":"Not found: it may have been removed, or the number is wrong.","error.BAD_USER_INPUT":"Some of the input is not valid: check the fields and try again.","error.INSUFFICIENT_FUNDS":"The balance is lower than the amount.","error.PAYMENT_SYSTEM_DISABLED":"This payment system is switched off or cannot take payments online.","error.IDEMPOTENCY_KEY_REUSED":"This request was already sent with other data: start it again.","error.RATE_LIMITED":"Too many attempts: wait a little and try again.","error.SERVICE_UNAVAILABLE":"Kassa is temporarily unavailable.","error.INTERNAL_SERVER_ERROR":"Kassa could not complete this because of an internal error.","error.QUERY_TOO_COMPLEX":"The request is too large for the server.","error.GRAPHQL_PARSE_FAILED":"The app sent a malformed request (a bug in the app).","error.GRAPHQL_VALIDATION_FAILED":"This server does not support this yet (its API is older than the app).","error.PERSISTED_QUERY_NOT_FOUND":"The server did not know this saved request: it is sent again in full.","error.NETWORK_ERROR":"Cannot reach Kassa: check the connection.","nav.portal":"Portal","portal.keys":"API keys of the portal","portal.endpoints":"Webhook endpoints","portal.newKey":"New API key","portal.createKey":"Create the key","portal.newEndpoint":"New webhook endpoint","portal.createEndpoint":"Register","portal.shownOnce":"Copy it now: Kassa keeps only its hash and will not show it again.","portal.prefix":"Starts with","portal.scopes":"Scopes","portal.scope.PAYMENTS_READ":"read holds, orders and balances","portal.scope.PAYMENTS_WRITE":"create, capture and void holds (and read)","portal.created":"Created","portal.lastUsed":"Last used","portal.never":"never","portal.revoked":"revoked","portal.revoke":"Revoke","portal.keyCreated":"Created the key {name}.","portal.keyRevoked":"Revoked {name}: it is refused everywhere from now on.","portal.noKeys":"No API keys.","portal.url":"URL","portal.events":"Events","portal.deliveries":"Deliveries","portal.endpointCreated":"Registered the endpoint.","portal.endpointDeleted":"Deleted the endpoint: nothing new is sent to it.","portal.noEndpoints":"No webhook endpoints.","portal.log":"Last delivery attempts to {url}","portal.noAttempts":"No attempts yet.","portal.at":"When","portal.event":"Event","portal.status":"Answer","portal.latency":"Time","portal.error":"Error","audit.API_KEY_CREATED":"API key created","audit.API_KEY_REVOKED":"API key revoked","audit.WEBHOOK_ENDPOINT_CREATED":"Webhook endpoint registered","audit.WEBHOOK_ENDPOINT_DELETED":"Webhook endpoint deleted"};var ht={"app.title":"\u041A\u043E\u0448\u0435\u043B\u0451\u043A Kassa","app.unreachable":"\u041D\u0435 \u0443\u0434\u0430\u0451\u0442\u0441\u044F \u0441\u0432\u044F\u0437\u0430\u0442\u044C\u0441\u044F \u0441 Kassa \u043F\u043E \u0430\u0434\u0440\u0435\u0441\u0443 {url}: {error}","lang.en":"English","lang.ru":"\u0420\u0443\u0441\u0441\u043A\u0438\u0439","nav.wallet":"\u041C\u043E\u0439 \u043A\u043E\u0448\u0435\u043B\u0451\u043A","nav.cashier":"\u041F\u043E\u043F\u043E\u043B\u043D\u0435\u043D\u0438\u0435 \u043A\u043E\u0448\u0435\u043B\u044C\u043A\u0430","nav.cashiers":"\u041A\u0430\u0441\u0441\u0438\u0440\u044B","nav.paymentSystems":"\u041F\u043B\u0430\u0442\u0451\u0436\u043D\u044B\u0435 \u0441\u0438\u0441\u0442\u0435\u043C\u044B","nav.audit":"\u0416\u0443\u0440\u043D\u0430\u043B \u0434\u0435\u0439\u0441\u0442\u0432\u0438\u0439","nav.report":"\u041E\u0442\u0447\u0451\u0442","nav.language":"\u042F\u0437\u044B\u043A","nav.signOut":"\u0412\u044B\u0439\u0442\u0438","notFound.title":"\u0421\u0442\u0440\u0430\u043D\u0438\u0446\u0430 \u043D\u0435 \u043D\u0430\u0439\u0434\u0435\u043D\u0430","notFound.back":"\u0412\u0435\u0440\u043D\u0443\u0442\u044C\u0441\u044F \u043A \u043A\u043E\u0448\u0435\u043B\u044C\u043A\u0443","common.yes":"\u0434\u0430","common.no":"\u043D\u0435\u0442","action.cancel":"\u041E\u0442\u043C\u0435\u043D\u0430","action.copy":"\u041A\u043E\u043F\u0438\u0440\u043E\u0432\u0430\u0442\u044C","action.edit":"\u0418\u0437\u043C\u0435\u043D\u0438\u0442\u044C","action.remove":"\u0423\u0431\u0440\u0430\u0442\u044C","action.save":"\u0421\u043E\u0445\u0440\u0430\u043D\u0438\u0442\u044C","action.search":"\u041D\u0430\u0439\u0442\u0438","field.amount":"\u0421\u0443\u043C\u043C\u0430","field.email":"\u042D\u043B. \u043F\u043E\u0447\u0442\u0430","field.name":"\u0418\u043C\u044F","field.password":"\u041F\u0430\u0440\u043E\u043B\u044C","field.newPassword":"\u041F\u0430\u0440\u043E\u043B\u044C (\u043E\u0442 8 \u0434\u043E 128 \u0441\u0438\u043C\u0432\u043E\u043B\u043E\u0432)","field.initialPassword":"\u041D\u0430\u0447\u0430\u043B\u044C\u043D\u044B\u0439 \u043F\u0430\u0440\u043E\u043B\u044C","field.paymentSystem":"\u041F\u043B\u0430\u0442\u0451\u0436\u043D\u0430\u044F \u0441\u0438\u0441\u0442\u0435\u043C\u0430","field.reason":"\u041F\u0440\u0438\u0447\u0438\u043D\u0430","form.badAmount":"\u0421\u0443\u043C\u043C\u0430 \u043F\u0438\u0448\u0435\u0442\u0441\u044F \u0442\u0430\u043A: 1250 \u0438\u043B\u0438 1250.50 (\u0446\u0438\u0444\u0440\u044B, \u0442\u043E\u0447\u043A\u0430, \u043D\u0435 \u0431\u043E\u043B\u044C\u0448\u0435 \u0434\u0432\u0443\u0445 \u0437\u043D\u0430\u043A\u043E\u0432 \u043F\u043E\u0441\u043B\u0435 \u043D\u0435\u0451).","form.sending":"\u041E\u0442\u043F\u0440\u0430\u0432\u043B\u044F\u0435\u043C\u2026","form.retry":"\u041F\u043E\u0432\u0442\u043E\u0440\u0438\u0442\u044C: {verb}","form.retryHint":"{error} \u041D\u0430\u0436\u043C\u0438\u0442\u0435 \u043A\u043D\u043E\u043F\u043A\u0443 \u0435\u0449\u0451 \u0440\u0430\u0437: \u044D\u0442\u043E \u0431\u0435\u0437\u043E\u043F\u0430\u0441\u043D\u043E, \u0443\u0439\u0434\u0451\u0442 \u0442\u043E\u0442 \u0436\u0435 \u0441\u0430\u043C\u044B\u0439 \u0437\u0430\u043F\u0440\u043E\u0441.","widget.balance":"\u0411\u0430\u043B\u0430\u043D\u0441","widget.socket.connected":"\u043D\u0430 \u0441\u0432\u044F\u0437\u0438","widget.socket.connecting":"\u043F\u043E\u0434\u043A\u043B\u044E\u0447\u0430\u0435\u043C\u0441\u044F\u2026","widget.socket.closed":"\u043F\u0435\u0440\u0435\u043F\u043E\u0434\u043A\u043B\u044E\u0447\u0430\u0435\u043C\u0441\u044F\u2026","widget.socket.error":"\u043E\u0448\u0438\u0431\u043A\u0430 \u0441\u043E\u0435\u0434\u0438\u043D\u0435\u043D\u0438\u044F","login.signIn":"\u0412\u043E\u0439\u0442\u0438","login.signingIn":"\u0412\u0445\u043E\u0434\u0438\u043C\u2026","login.signUp":"\u0417\u0430\u0440\u0435\u0433\u0438\u0441\u0442\u0440\u0438\u0440\u043E\u0432\u0430\u0442\u044C\u0441\u044F","login.creating":"\u0421\u043E\u0437\u0434\u0430\u0451\u043C \u043A\u043E\u0448\u0435\u043B\u0451\u043A\u2026","login.newHere":"\u0412\u043F\u0435\u0440\u0432\u044B\u0435 \u0437\u0434\u0435\u0441\u044C? \u0417\u0430\u0432\u0435\u0434\u0438\u0442\u0435 \u043A\u043E\u0448\u0435\u043B\u0451\u043A","login.wrong":"\u041D\u0435\u0432\u0435\u0440\u043D\u0430\u044F \u043F\u043E\u0447\u0442\u0430 \u0438\u043B\u0438 \u043F\u0430\u0440\u043E\u043B\u044C.","login.signUpRefused":"\u041F\u043E\u0447\u0442\u0430 \u0443\u043A\u0430\u0437\u0430\u043D\u0430 \u043D\u0435\u0432\u0435\u0440\u043D\u043E \u0438\u043B\u0438 \u0443\u0436\u0435 \u0437\u0430\u0440\u0435\u0433\u0438\u0441\u0442\u0440\u0438\u0440\u043E\u0432\u0430\u043D\u0430, \u043B\u0438\u0431\u043E \u043F\u0430\u0440\u043E\u043B\u044C \u043D\u0435 \u043E\u0442 8 \u0434\u043E 128 \u0441\u0438\u043C\u0432\u043E\u043B\u043E\u0432.","login.api":"API: {url}","wallet.number":"\u041D\u043E\u043C\u0435\u0440 \u043A\u043E\u0448\u0435\u043B\u044C\u043A\u0430","wallet.tellCashier":"\u041D\u0430\u0437\u043E\u0432\u0438\u0442\u0435 \u044D\u0442\u043E\u0442 \u043D\u043E\u043C\u0435\u0440 \u043A\u0430\u0441\u0441\u0438\u0440\u0443 \u043F\u0440\u0438 \u043F\u043E\u043F\u043E\u043B\u043D\u0435\u043D\u0438\u0438.","wallet.howToTopUp":"\u041A\u0430\u043A \u043F\u043E\u043F\u043E\u043B\u043D\u0438\u0442\u044C \u0447\u0435\u0440\u0435\u0437 \u043A\u0430\u0441\u0441\u0438\u0440\u0430","wallet.step1":"\u041E\u043F\u043B\u0430\u0442\u0438\u0442\u0435 \u043D\u0443\u0436\u043D\u0443\u044E \u0441\u0443\u043C\u043C\u0443 \u0447\u0435\u0440\u0435\u0437 \u043E\u0434\u043D\u0443 \u0438\u0437 \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u044B\u0445 \u0441\u0438\u0441\u0442\u0435\u043C:","wallet.step2":"\u0421\u043E\u0445\u0440\u0430\u043D\u0438\u0442\u0435 \u0447\u0435\u043A \u0438\u043B\u0438 \u043D\u043E\u043C\u0435\u0440 \u043F\u043B\u0430\u0442\u0435\u0436\u0430.","wallet.step3":"\u041F\u0435\u0440\u0435\u0434\u0430\u0439\u0442\u0435 \u043A\u0430\u0441\u0441\u0438\u0440\u0443 \u0447\u0435\u043A \u0438 \u043D\u043E\u043C\u0435\u0440 \u043A\u043E\u0448\u0435\u043B\u044C\u043A\u0430","wallet.max":"\u041D\u0435 \u0431\u043E\u043B\u044C\u0448\u0435 {amount} \u0437\u0430 \u043E\u0434\u043D\u0443 \u043E\u043F\u0435\u0440\u0430\u0446\u0438\u044E.","wallet.unavailable":"\u041F\u043E\u043F\u043E\u043B\u043D\u0435\u043D\u0438\u0435 \u043F\u043E\u043A\u0430 \u043D\u0435\u0434\u043E\u0441\u0442\u0443\u043F\u043D\u043E","history.title":"\u0418\u0441\u0442\u043E\u0440\u0438\u044F","history.newer":"\u2190 \u041D\u043E\u0432\u0435\u0435","history.older":"\u0421\u0442\u0430\u0440\u0435\u0435 \u2192","history.page":"\u0421\u0442\u0440\u0430\u043D\u0438\u0446\u0430 {n}","history.none":"\u041E\u043F\u0435\u0440\u0430\u0446\u0438\u0439 \u043F\u043E\u043A\u0430 \u043D\u0435\u0442.","history.noOlder":"\u0411\u043E\u043B\u0435\u0435 \u0440\u0430\u043D\u043D\u0438\u0445 \u043E\u043F\u0435\u0440\u0430\u0446\u0438\u0439 \u043D\u0435\u0442.","tx.when":"\u041A\u043E\u0433\u0434\u0430","tx.what":"\u0427\u0442\u043E","tx.wallet":"\u041A\u043E\u0448\u0435\u043B\u0451\u043A","tx.amount":"\u0421\u0443\u043C\u043C\u0430","tx.balanceAfter":"\u0411\u0430\u043B\u0430\u043D\u0441 \u043F\u043E\u0441\u043B\u0435","tx.details":"\u041F\u043E\u0434\u0440\u043E\u0431\u043D\u043E\u0441\u0442\u0438","tx.by":"\u043F\u0440\u043E\u0432\u0451\u043B(\u0430) {name}","tx.invoice":"\u043E\u043D\u043B\u0430\u0439\u043D, \u0441\u0447\u0451\u0442 {number}","kind.TOP_UP":"\u041F\u043E\u043F\u043E\u043B\u043D\u0435\u043D\u0438\u0435","kind.WRITE_OFF":"\u0421\u043F\u0438\u0441\u0430\u043D\u0438\u0435","kind.PAYMENT":"\u041E\u043F\u043B\u0430\u0442\u0430","kind.REFUND":"\u0412\u043E\u0437\u0432\u0440\u0430\u0442","role.CUSTOMER":"\u041A\u043B\u0438\u0435\u043D\u0442","role.CASHIER":"\u041A\u0430\u0441\u0441\u0438\u0440","role.ADMIN":"\u0410\u0434\u043C\u0438\u043D\u0438\u0441\u0442\u0440\u0430\u0442\u043E\u0440","online.title":"\u041F\u043E\u043F\u043E\u043B\u043D\u0438\u0442\u044C \u043E\u043D\u043B\u0430\u0439\u043D","online.explain":"\u041E\u043F\u043B\u0430\u0442\u0438\u0442\u0435 \u043D\u0430 \u0441\u0442\u0440\u0430\u043D\u0438\u0446\u0435 \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u043E\u0439 \u0441\u0438\u0441\u0442\u0435\u043C\u044B; \u0431\u0430\u043B\u0430\u043D\u0441 \u0438\u0437\u043C\u0435\u043D\u0438\u0442\u0441\u044F \u0441\u0430\u043C, \u043A\u0430\u043A \u0442\u043E\u043B\u044C\u043A\u043E \u043E\u043D\u0430 \u043F\u043E\u0434\u0442\u0432\u0435\u0440\u0434\u0438\u0442 \u043F\u043B\u0430\u0442\u0451\u0436.","online.submit":"\u041F\u043E\u043F\u043E\u043B\u043D\u0438\u0442\u044C \u043E\u043D\u043B\u0430\u0439\u043D","online.starting":"\u0421\u043E\u0437\u0434\u0430\u0451\u043C \u0441\u0447\u0451\u0442\u2026","online.redirecting":"\u041F\u0435\u0440\u0435\u0445\u043E\u0434\u0438\u043C \u0432 {system}\u2026","online.none":"\u041E\u043D\u043B\u0430\u0439\u043D-\u043F\u043E\u043F\u043E\u043B\u043D\u0435\u043D\u0438\u0435 \u043D\u0435\u0434\u043E\u0441\u0442\u0443\u043F\u043D\u043E: \u043D\u0438 \u043E\u0434\u043D\u0430 \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u0430\u044F \u0441\u0438\u0441\u0442\u0435\u043C\u0430 \u043F\u043E\u043A\u0430 \u043D\u0435 \u043F\u0440\u0438\u043D\u0438\u043C\u0430\u0435\u0442 \u043E\u043D\u043B\u0430\u0439\u043D-\u043F\u043B\u0430\u0442\u0435\u0436\u0438. \u041F\u043E\u043F\u043E\u043B\u043D\u0438\u0442\u0435 \u043A\u043E\u0448\u0435\u043B\u0451\u043A \u0447\u0435\u0440\u0435\u0437 \u043A\u0430\u0441\u0441\u0438\u0440\u0430.","online.notOnThisServer":"\u042D\u0442\u043E\u0442 \u0441\u0435\u0440\u0432\u0435\u0440 \u043F\u043E\u043A\u0430 \u043D\u0435 \u043F\u0440\u0438\u043D\u0438\u043C\u0430\u0435\u0442 \u043E\u043D\u043B\u0430\u0439\u043D-\u043F\u043B\u0430\u0442\u0435\u0436\u0438.","online.invoices":"\u041C\u043E\u0438 \u043E\u043D\u043B\u0430\u0439\u043D-\u043F\u043E\u043F\u043E\u043B\u043D\u0435\u043D\u0438\u044F","online.noInvoices":"\u041E\u043D\u043B\u0430\u0439\u043D-\u043F\u043E\u043F\u043E\u043B\u043D\u0435\u043D\u0438\u0439 \u043F\u043E\u043A\u0430 \u043D\u0435 \u0431\u044B\u043B\u043E.","online.waiting":"\u0436\u0434\u0451\u043C \u043F\u043E\u0434\u0442\u0432\u0435\u0440\u0436\u0434\u0435\u043D\u0438\u044F \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u043E\u0439 \u0441\u0438\u0441\u0442\u0435\u043C\u044B\u2026","invoice.number":"\u0421\u0447\u0451\u0442","invoice.status":"\u0421\u043E\u0441\u0442\u043E\u044F\u043D\u0438\u0435","invoice.PENDING":"\u041E\u0436\u0438\u0434\u0430\u0435\u0442 \u043E\u043F\u043B\u0430\u0442\u044B","invoice.PAID":"\u041E\u043F\u043B\u0430\u0447\u0435\u043D","invoice.EXPIRED":"\u0418\u0441\u0442\u0451\u043A","invoice.REVIEW":"\u041D\u0430 \u043F\u0440\u043E\u0432\u0435\u0440\u043A\u0435","cashier.walletNumber":"\u041D\u043E\u043C\u0435\u0440 \u043A\u043E\u0448\u0435\u043B\u044C\u043A\u0430","cashier.findTitle":"\u041D\u0430\u0439\u0442\u0438 \u043A\u043E\u0448\u0435\u043B\u0451\u043A","cashier.find":"\u041D\u0430\u0439\u0442\u0438 \u043A\u043E\u0448\u0435\u043B\u0451\u043A","cashier.checkDigit":"\u041F\u0440\u043E\u0432\u0435\u0440\u044F\u0435\u043C\u2026 (\u043A\u043E\u043D\u0442\u0440\u043E\u043B\u044C\u043D\u0430\u044F \u0446\u0438\u0444\u0440\u0430, \u043F\u043E\u0445\u043E\u0436\u0435, \u043D\u0435\u0432\u0435\u0440\u043D\u0430)","cashier.lookingUp":"\u0418\u0449\u0435\u043C\u2026","cashier.noWallet":"\u041A\u043E\u0448\u0435\u043B\u044C\u043A\u0430 \u0441 \u043D\u043E\u043C\u0435\u0440\u043E\u043C {number} \u043D\u0435\u0442.","cashier.balance":"\u0411\u0430\u043B\u0430\u043D\u0441:","cashier.topUp":"\u041F\u043E\u043F\u043E\u043B\u043D\u0438\u0442\u044C","cashier.writeOff":"\u0421\u043F\u0438\u0441\u0430\u0442\u044C","cashier.noSystem":"\u041D\u0438 \u043E\u0434\u043D\u0430 \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u0430\u044F \u0441\u0438\u0441\u0442\u0435\u043C\u0430 \u043D\u0435 \u0432\u043A\u043B\u044E\u0447\u0435\u043D\u0430","cashier.receipt":"\u041D\u043E\u043C\u0435\u0440 \u0447\u0435\u043A\u0430","cashier.comment":"\u041A\u043E\u043C\u043C\u0435\u043D\u0442\u0430\u0440\u0438\u0439","cashier.done":"\u0413\u043E\u0442\u043E\u0432\u043E: {kind} \u043D\u0430 {amount}; \u0431\u0430\u043B\u0430\u043D\u0441 \u0442\u0435\u043F\u0435\u0440\u044C {balance}.","feed.title":"\u0417\u0430 \u043F\u043E\u0441\u043B\u0435\u0434\u043D\u0438\u0435 24 \u0447\u0430\u0441\u0430","feed.connecting":"\u043F\u043E\u0434\u043A\u043B\u044E\u0447\u0430\u0435\u043C\u0441\u044F\u2026","feed.live":"\u043D\u0430 \u0441\u0432\u044F\u0437\u0438","feed.ended":"\u043B\u0435\u043D\u0442\u0430 \u0437\u0430\u043A\u0440\u044B\u0442\u0430","review.title":"\u041E\u043D\u043B\u0430\u0439\u043D-\u043F\u043B\u0430\u0442\u0435\u0436\u0438 \u043D\u0430 \u043F\u0440\u043E\u0432\u0435\u0440\u043A\u0435","review.explain":"\u041F\u043B\u0430\u0442\u0451\u0436\u043D\u0430\u044F \u0441\u0438\u0441\u0442\u0435\u043C\u0430 \u043F\u043E\u0434\u0442\u0432\u0435\u0440\u0434\u0438\u043B\u0430 \u0438\u0445 \u0432\u0435\u0440\u043D\u043E\u0439 \u043F\u043E\u0434\u043F\u0438\u0441\u044C\u044E, \u043D\u043E \u043F\u043B\u0430\u0442\u0451\u0436 \u043D\u0435 \u0441\u043E\u0432\u043F\u0430\u043B \u0441\u043E \u0441\u0447\u0451\u0442\u043E\u043C (\u0441\u0443\u043C\u043C\u0430, \u0432\u0430\u043B\u044E\u0442\u0430, \u043C\u0430\u0433\u0430\u0437\u0438\u043D \u0438\u043B\u0438 \u0432\u0442\u043E\u0440\u043E\u0439 \u043F\u043B\u0430\u0442\u0451\u0436). \u0421\u0432\u0435\u0440\u044C\u0442\u0435\u0441\u044C \u0441 \u0432\u044B\u043F\u0438\u0441\u043A\u043E\u0439 \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u043E\u0439 \u0441\u0438\u0441\u0442\u0435\u043C\u044B \u0438 \u0437\u0430\u0447\u0438\u0441\u043B\u0438\u0442\u0435 \u0438\u043B\u0438 \u043E\u0442\u043A\u043B\u043E\u043D\u0438\u0442\u0435.","review.empty":"\u041F\u0440\u043E\u0432\u0435\u0440\u044F\u0442\u044C \u043D\u0435\u0447\u0435\u0433\u043E.","review.reasonPlaceholder":"\u043F\u043E\u0447\u0435\u043C\u0443 (\u043E\u0431\u044F\u0437\u0430\u0442\u0435\u043B\u044C\u043D\u043E)","review.needReason":"\u0421\u043D\u0430\u0447\u0430\u043B\u0430 \u0443\u043A\u0430\u0436\u0438\u0442\u0435 \u043F\u0440\u0438\u0447\u0438\u043D\u0443.","review.creditAmount":"\u0417\u0430\u0447\u0438\u0441\u043B\u0438\u0442\u044C \u0441\u0443\u043C\u043C\u0443","review.amountPlaceholder":"\u043A\u0430\u043A \u0441\u043E\u043E\u0431\u0449\u0438\u043B\u0430 \u041F\u0421","review.paid":"\u043E\u043F\u043B\u0430\u0447\u0435\u043D\u043E {amount}","review.credit":"\u0417\u0430\u0447\u0438\u0441\u043B\u0438\u0442\u044C","review.reject":"\u041E\u0442\u043A\u043B\u043E\u043D\u0438\u0442\u044C","review.credited":"\u0421\u0447\u0451\u0442 {number} \u0437\u0430\u0447\u0438\u0441\u043B\u0435\u043D.","review.rejected":"\u0421\u0447\u0451\u0442 {number} \u043E\u0442\u043A\u043B\u043E\u043D\u0451\u043D.","cashiers.current":"\u041A\u0430\u0441\u0441\u0438\u0440\u044B","cashiers.addedBy":"\u041A\u0442\u043E \u043D\u0430\u0437\u043D\u0430\u0447\u0438\u043B","cashiers.commandLine":"\u043A\u043E\u043C\u0430\u043D\u0434\u043D\u0430\u044F \u0441\u0442\u0440\u043E\u043A\u0430","cashiers.none":"\u041A\u0430\u0441\u0441\u0438\u0440\u043E\u0432 \u043F\u043E\u043A\u0430 \u043D\u0435\u0442.","cashiers.removed":"{name} \u0431\u043E\u043B\u044C\u0448\u0435 \u043D\u0435 \u043A\u0430\u0441\u0441\u0438\u0440.","cashiers.added":"{name} \u0442\u0435\u043F\u0435\u0440\u044C \u043A\u0430\u0441\u0441\u0438\u0440.","cashiers.make":"\u0421\u0434\u0435\u043B\u0430\u0442\u044C \u043A\u0430\u0441\u0441\u0438\u0440\u043E\u043C","cashiers.nobody":"\u041D\u0438\u043A\u043E\u0433\u043E \u043D\u0435 \u043D\u0430\u0448\u043B\u043E\u0441\u044C.","cashiers.find":"\u041D\u0430\u0439\u0442\u0438 \u043F\u043E\u043B\u044C\u0437\u043E\u0432\u0430\u0442\u0435\u043B\u044F","cashiers.searchPlaceholder":"\u0438\u043C\u044F \u0438\u043B\u0438 \u044D\u043B. \u043F\u043E\u0447\u0442\u0430","cashiers.roles":"\u0420\u043E\u043B\u0438","cashiers.createUser":"\u0421\u043E\u0437\u0434\u0430\u0442\u044C \u043F\u043E\u043B\u044C\u0437\u043E\u0432\u0430\u0442\u0435\u043B\u044F","cashiers.createUserSubmit":"\u0421\u043E\u0437\u0434\u0430\u0442\u044C","cashiers.created":"\u0421\u043E\u0437\u0434\u0430\u043D(\u0430) {name} (\u043A\u043E\u0448\u0435\u043B\u0451\u043A {number}).","ps.none":"\u041D\u0438 \u043E\u0434\u043D\u0430 \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u0430\u044F \u0441\u0438\u0441\u0442\u0435\u043C\u0430 \u043D\u0435 \u043F\u043E\u0434\u043A\u043B\u044E\u0447\u0435\u043D\u0430: \u043A\u043B\u0438\u0435\u043D\u0442\u044B \u043F\u043E\u043A\u0430 \u043D\u0435 \u043C\u043E\u0433\u0443\u0442 \u043F\u043E\u043F\u043E\u043B\u043D\u044F\u0442\u044C \u043A\u043E\u0448\u0435\u043B\u044C\u043A\u0438.","ps.provider":"\u041F\u0440\u043E\u0432\u0430\u0439\u0434\u0435\u0440","ps.nameShown":"\u041D\u0430\u0437\u0432\u0430\u043D\u0438\u0435 \u0434\u043B\u044F \u043A\u043B\u0438\u0435\u043D\u0442\u043E\u0432","ps.merchantId":"\u0418\u0434\u0435\u043D\u0442\u0438\u0444\u0438\u043A\u0430\u0442\u043E\u0440 \u043C\u0430\u0433\u0430\u0437\u0438\u043D\u0430","ps.notificationUrl":"\u0410\u0434\u0440\u0435\u0441 \u0434\u043B\u044F \u0443\u0432\u0435\u0434\u043E\u043C\u043B\u0435\u043D\u0438\u0439","ps.online":"\u041E\u043D\u043B\u0430\u0439\u043D-\u043F\u043B\u0430\u0442\u0435\u0436\u0438","ps.hashAlgorithm":"\u0410\u043B\u0433\u043E\u0440\u0438\u0442\u043C \u043F\u043E\u0434\u043F\u0438\u0441\u0438","ps.testMode":"\u0422\u0435\u0441\u0442\u043E\u0432\u044B\u0439 \u0440\u0435\u0436\u0438\u043C (\u0441\u0441\u044B\u043B\u043A\u0438 \u043D\u0430 \u043E\u043F\u043B\u0430\u0442\u0443 \u0432\u0435\u0434\u0443\u0442 \u0432 \u0442\u0435\u0441\u0442\u043E\u0432\u044B\u0439 \u0440\u0435\u0436\u0438\u043C \u043F\u0440\u043E\u0432\u0430\u0439\u0434\u0435\u0440\u0430)","ps.testModeShort":"\u0422\u0435\u0441\u0442\u043E\u0432\u044B\u0439 \u0440\u0435\u0436\u0438\u043C","ps.secrets":"\u0421\u0435\u043A\u0440\u0435\u0442\u044B","ps.secretShort":"\u0443\u0432\u0435\u0434\u043E\u043C\u043B\u0435\u043D\u0438\u044F","ps.paymentSecretShort":"\u0441\u0441\u044B\u043B\u043A\u0438 \u043D\u0430 \u043E\u043F\u043B\u0430\u0442\u0443","ps.stored":"\u0441\u043E\u0445\u0440\u0430\u043D\u0451\u043D","ps.state":"\u0421\u043E\u0441\u0442\u043E\u044F\u043D\u0438\u0435","ps.on":"\u0432\u043A\u043B\u044E\u0447\u0435\u043D\u0430","ps.off":"\u0432\u044B\u043A\u043B\u044E\u0447\u0435\u043D\u0430","ps.enable":"\u0412\u043A\u043B\u044E\u0447\u0438\u0442\u044C","ps.disable":"\u0412\u044B\u043A\u043B\u044E\u0447\u0438\u0442\u044C","ps.nowOn":"{name}: \u0432\u043A\u043B\u044E\u0447\u0435\u043D\u0430.","ps.nowOff":"{name}: \u0432\u044B\u043A\u043B\u044E\u0447\u0435\u043D\u0430.","ps.copied":"\u0410\u0434\u0440\u0435\u0441 \u0434\u043B\u044F \u0443\u0432\u0435\u0434\u043E\u043C\u043B\u0435\u043D\u0438\u0439 {name} \u0441\u043A\u043E\u043F\u0438\u0440\u043E\u0432\u0430\u043D.","ps.copyFailed":"\u041D\u0435 \u0443\u0434\u0430\u043B\u043E\u0441\u044C \u0441\u043A\u043E\u043F\u0438\u0440\u043E\u0432\u0430\u0442\u044C: \u0432\u044B\u0434\u0435\u043B\u0438\u0442\u0435 \u0430\u0434\u0440\u0435\u0441 \u0438 \u0441\u043A\u043E\u043F\u0438\u0440\u0443\u0439\u0442\u0435 \u0432\u0440\u0443\u0447\u043D\u0443\u044E.","ps.connectTitle":"\u041F\u043E\u0434\u043A\u043B\u044E\u0447\u0438\u0442\u044C \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u0443\u044E \u0441\u0438\u0441\u0442\u0435\u043C\u0443","ps.editTitle":"\u0418\u0437\u043C\u0435\u043D\u0438\u0442\u044C: {name}","ps.connect":"\u041F\u043E\u0434\u043A\u043B\u044E\u0447\u0438\u0442\u044C","ps.connected":"\u041F\u043E\u0434\u043A\u043B\u044E\u0447\u0435\u043D\u0430: {name}.","ps.updated":"\u0421\u043E\u0445\u0440\u0430\u043D\u0435\u043D\u043E: {name}.","ps.enabled":"\u0412\u043A\u043B\u044E\u0447\u0435\u043D\u0430","ps.secret":"\u0421\u0435\u043A\u0440\u0435\u0442 \u0443\u0432\u0435\u0434\u043E\u043C\u043B\u0435\u043D\u0438\u0439 (\u0442\u043E\u043B\u044C\u043A\u043E \u0437\u0430\u043F\u0438\u0441\u044C)","ps.secretKeep":"\u041D\u043E\u0432\u044B\u0439 \u0441\u0435\u043A\u0440\u0435\u0442 \u0443\u0432\u0435\u0434\u043E\u043C\u043B\u0435\u043D\u0438\u0439 (\u043F\u0443\u0441\u0442\u043E: \u043E\u0441\u0442\u0430\u0432\u0438\u0442\u044C \u043F\u0440\u0435\u0436\u043D\u0438\u0439)","ps.paymentSecret":"\u0421\u0435\u043A\u0440\u0435\u0442 \u0441\u0441\u044B\u043B\u043E\u043A \u043D\u0430 \u043E\u043F\u043B\u0430\u0442\u0443 (\u0442\u043E\u043B\u044C\u043A\u043E \u0437\u0430\u043F\u0438\u0441\u044C)","ps.paymentSecretKeep":"\u041D\u043E\u0432\u044B\u0439 \u0441\u0435\u043A\u0440\u0435\u0442 \u0441\u0441\u044B\u043B\u043E\u043A \u043D\u0430 \u043E\u043F\u043B\u0430\u0442\u0443 (\u043F\u0443\u0441\u0442\u043E: \u043E\u0441\u0442\u0430\u0432\u0438\u0442\u044C \u043F\u0440\u0435\u0436\u043D\u0438\u0439)","ps.secretsHelp":"\u0421\u0435\u043A\u0440\u0435\u0442 \u0443\u0432\u0435\u0434\u043E\u043C\u043B\u0435\u043D\u0438\u0439: \u041F\u0430\u0440\u043E\u043B\u044C \u21162 Robokassa, notification_secret YooMoney, \u0441\u0435\u043A\u0440\u0435\u0442\u043D\u044B\u0439 \u043A\u043B\u044E\u0447 QIWI, \u0441\u0435\u043A\u0440\u0435\u0442\u043D\u044B\u0439 \u043A\u043B\u044E\u0447 PayMaster, \u0441\u0435\u043A\u0440\u0435\u0442\u043D\u043E\u0435 \u0441\u043B\u043E\u0432\u043E 2 MyKassa. \u0421\u0435\u043A\u0440\u0435\u0442 \u0441\u0441\u044B\u043B\u043E\u043A \u043D\u0430 \u043E\u043F\u043B\u0430\u0442\u0443: \u041F\u0430\u0440\u043E\u043B\u044C \u21161 Robokassa, \u0441\u0435\u043A\u0440\u0435\u0442\u043D\u043E\u0435 \u0441\u043B\u043E\u0432\u043E 1 MyKassa, \u043F\u0443\u0431\u043B\u0438\u0447\u043D\u044B\u0439 \u043A\u043B\u044E\u0447 QIWI. \u0421\u0435\u043A\u0440\u0435\u0442\u044B \u0431\u043E\u043B\u044C\u0448\u0435 \u043D\u0438\u0433\u0434\u0435 \u043D\u0435 \u043F\u043E\u043A\u0430\u0437\u044B\u0432\u0430\u044E\u0442\u0441\u044F.","audit.action":"\u0414\u0435\u0439\u0441\u0442\u0432\u0438\u0435","audit.all":"\u0412\u0441\u0435 \u0434\u0435\u0439\u0441\u0442\u0432\u0438\u044F","audit.actor":"\u041A\u0442\u043E","audit.subject":"\u041D\u0430\u0434 \u043A\u0435\u043C / \u0447\u0435\u043C","audit.empty":"\u0417\u0430\u043F\u0438\u0441\u0435\u0439 \u043D\u0435\u0442.","audit.USER_CREATED":"\u0421\u043E\u0437\u0434\u0430\u043D \u043F\u043E\u043B\u044C\u0437\u043E\u0432\u0430\u0442\u0435\u043B\u044C","audit.ADMIN_CREATED":"\u0421\u043E\u0437\u0434\u0430\u043D \u0430\u0434\u043C\u0438\u043D\u0438\u0441\u0442\u0440\u0430\u0442\u043E\u0440","audit.CASHIER_ADDED":"\u041D\u0430\u0437\u043D\u0430\u0447\u0435\u043D \u043A\u0430\u0441\u0441\u0438\u0440","audit.CASHIER_REMOVED":"\u041A\u0430\u0441\u0441\u0438\u0440 \u0441\u043D\u044F\u0442","audit.PAYMENT_SYSTEM_CREATED":"\u041F\u043E\u0434\u043A\u043B\u044E\u0447\u0435\u043D\u0430 \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u0430\u044F \u0441\u0438\u0441\u0442\u0435\u043C\u0430","audit.PAYMENT_SYSTEM_UPDATED":"\u0418\u0437\u043C\u0435\u043D\u0435\u043D\u0430 \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u0430\u044F \u0441\u0438\u0441\u0442\u0435\u043C\u0430","audit.SECRETS_ROTATED":"\u0421\u0435\u043A\u0440\u0435\u0442\u044B \u043F\u0435\u0440\u0435\u0448\u0438\u0444\u0440\u043E\u0432\u0430\u043D\u044B","audit.INVOICE_RESOLVED":"\u0421\u0447\u0451\u0442 \u0440\u0430\u0437\u043E\u0431\u0440\u0430\u043D","report.from":"\u0421","report.to":"\u041F\u043E (\u0432\u043A\u043B\u044E\u0447\u0438\u0442\u0435\u043B\u044C\u043D\u043E)","report.show":"\u041F\u043E\u043A\u0430\u0437\u0430\u0442\u044C","report.explain":"\u0414\u043D\u0438 \u043F\u043E UTC. \u0421\u0442\u0440\u043E\u043A\u0430: \u043F\u043E\u043F\u043E\u043B\u043D\u0435\u043D\u0438\u044F \u0447\u0435\u0440\u0435\u0437 \u043E\u0434\u043D\u0443 \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u0443\u044E \u0441\u0438\u0441\u0442\u0435\u043C\u0443 \u0437\u0430 \u043E\u0434\u0438\u043D \u0434\u0435\u043D\u044C \u0438 \u0441\u0440\u0435\u0434\u0438 \u043D\u0438\u0445 \u0437\u0430\u0447\u0438\u0441\u043B\u0435\u043D\u043D\u044B\u0435 \u043E\u043D\u043B\u0430\u0439\u043D \u043F\u043E \u0443\u0432\u0435\u0434\u043E\u043C\u043B\u0435\u043D\u0438\u044E \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u043E\u0439 \u0441\u0438\u0441\u0442\u0435\u043C\u044B.","report.loading":"\u0417\u0430\u0433\u0440\u0443\u0436\u0430\u0435\u043C\u2026","report.badRange":"\u041F\u0435\u0440\u0432\u044B\u0439 \u0434\u0435\u043D\u044C \u043D\u0435 \u043C\u043E\u0436\u0435\u0442 \u0431\u044B\u0442\u044C \u043F\u043E\u0437\u0436\u0435 \u043F\u043E\u0441\u043B\u0435\u0434\u043D\u0435\u0433\u043E.","report.empty":"\u0417\u0430 \u044D\u0442\u0438 \u0434\u043D\u0438 \u043F\u043E\u043F\u043E\u043B\u043D\u0435\u043D\u0438\u0439 \u043D\u0435\u0442.","report.chart":"\u041F\u043E\u043F\u043E\u043B\u043D\u0435\u043D\u0438\u044F \u043F\u043E \u0434\u043D\u044F\u043C","report.bySystem":"\u041F\u043E \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u044B\u043C \u0441\u0438\u0441\u0442\u0435\u043C\u0430\u043C","report.byDay":"\u041F\u043E \u0434\u043D\u044F\u043C \u0438 \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u044B\u043C \u0441\u0438\u0441\u0442\u0435\u043C\u0430\u043C","report.day":"\u0414\u0435\u043D\u044C","report.topUps":"\u041F\u043E\u043F\u043E\u043B\u043D\u0435\u043D\u0438\u0439","report.amount":"\u0421\u0443\u043C\u043C\u0430","report.onlineTopUps":"\u0418\u0437 \u043D\u0438\u0445 \u043E\u043D\u043B\u0430\u0439\u043D","report.onlineAmount":"\u0421\u0443\u043C\u043C\u0430 \u043E\u043D\u043B\u0430\u0439\u043D","report.online":"\u043E\u043D\u043B\u0430\u0439\u043D","report.cashier":"\u0447\u0435\u0440\u0435\u0437 \u043A\u0430\u0441\u0441\u0438\u0440\u043E\u0432","error.generic":"\u0427\u0442\u043E-\u0442\u043E \u043F\u043E\u0448\u043B\u043E \u043D\u0435 \u0442\u0430\u043A (\u043A\u043E\u0434 {code}). \u041F\u043E\u043F\u0440\u043E\u0431\u0443\u0439\u0442\u0435 \u043F\u043E\u0437\u0436\u0435.","error.UNAUTHENTICATED":"\u0412\u043E\u0439\u0434\u0438\u0442\u0435 \u0441\u043D\u043E\u0432\u0430: \u043D\u0435\u0432\u0435\u0440\u043D\u0430\u044F \u043F\u043E\u0447\u0442\u0430 \u0438\u043B\u0438 \u043F\u0430\u0440\u043E\u043B\u044C, \u043B\u0438\u0431\u043E \u0441\u0435\u0430\u043D\u0441 \u0437\u0430\u043A\u043E\u043D\u0447\u0438\u043B\u0441\u044F.","error.FORBIDDEN":"\u0423 \u0432\u0430\u0441 \u043D\u0435\u0442 \u043F\u0440\u0430\u0432 \u043D\u0430 \u044D\u0442\u043E \u0434\u0435\u0439\u0441\u0442\u0432\u0438\u0435.","error.NOT_FOUND":"\u041D\u0435 \u043D\u0430\u0439\u0434\u0435\u043D\u043E: \u0432\u043E\u0437\u043C\u043E\u0436\u043D\u043E, \u0443\u0434\u0430\u043B\u0435\u043D\u043E, \u0438\u043B\u0438 \u043D\u043E\u043C\u0435\u0440 \u0443\u043A\u0430\u0437\u0430\u043D \u043D\u0435\u0432\u0435\u0440\u043D\u043E.","error.BAD_USER_INPUT":"\u0427\u0430\u0441\u0442\u044C \u0434\u0430\u043D\u043D\u044B\u0445 \u0443\u043A\u0430\u0437\u0430\u043D\u0430 \u043D\u0435\u0432\u0435\u0440\u043D\u043E: \u043F\u0440\u043E\u0432\u0435\u0440\u044C\u0442\u0435 \u043F\u043E\u043B\u044F \u0438 \u043F\u043E\u043F\u0440\u043E\u0431\u0443\u0439\u0442\u0435 \u0435\u0449\u0451 \u0440\u0430\u0437.","error.INSUFFICIENT_FUNDS":"\u041D\u0430 \u0431\u0430\u043B\u0430\u043D\u0441\u0435 \u043C\u0435\u043D\u044C\u0448\u0435, \u0447\u0435\u043C \u044D\u0442\u0430 \u0441\u0443\u043C\u043C\u0430.","error.PAYMENT_SYSTEM_DISABLED":"\u042D\u0442\u0430 \u043F\u043B\u0430\u0442\u0451\u0436\u043D\u0430\u044F \u0441\u0438\u0441\u0442\u0435\u043C\u0430 \u0432\u044B\u043A\u043B\u044E\u0447\u0435\u043D\u0430 \u0438\u043B\u0438 \u043D\u0435 \u043F\u0440\u0438\u043D\u0438\u043C\u0430\u0435\u0442 \u043E\u043D\u043B\u0430\u0439\u043D-\u043F\u043B\u0430\u0442\u0435\u0436\u0438.","error.IDEMPOTENCY_KEY_REUSED":"\u042D\u0442\u043E\u0442 \u0437\u0430\u043F\u0440\u043E\u0441 \u0443\u0436\u0435 \u043E\u0442\u043F\u0440\u0430\u0432\u043B\u044F\u043B\u0441\u044F \u0441 \u0434\u0440\u0443\u0433\u0438\u043C\u0438 \u0434\u0430\u043D\u043D\u044B\u043C\u0438: \u043D\u0430\u0447\u043D\u0438\u0442\u0435 \u0437\u0430\u043D\u043E\u0432\u043E.","error.RATE_LIMITED":"\u0421\u043B\u0438\u0448\u043A\u043E\u043C \u043C\u043D\u043E\u0433\u043E \u043F\u043E\u043F\u044B\u0442\u043E\u043A: \u043F\u043E\u0434\u043E\u0436\u0434\u0438\u0442\u0435 \u043D\u0435\u043C\u043D\u043E\u0433\u043E \u0438 \u043F\u043E\u043F\u0440\u043E\u0431\u0443\u0439\u0442\u0435 \u0441\u043D\u043E\u0432\u0430.","error.SERVICE_UNAVAILABLE":"Kassa \u0432\u0440\u0435\u043C\u0435\u043D\u043D\u043E \u043D\u0435\u0434\u043E\u0441\u0442\u0443\u043F\u043D\u0430.","error.INTERNAL_SERVER_ERROR":"Kassa \u043D\u0435 \u0441\u043C\u043E\u0433\u043B\u0430 \u0432\u044B\u043F\u043E\u043B\u043D\u0438\u0442\u044C \u0437\u0430\u043F\u0440\u043E\u0441 \u0438\u0437-\u0437\u0430 \u0432\u043D\u0443\u0442\u0440\u0435\u043D\u043D\u0435\u0439 \u043E\u0448\u0438\u0431\u043A\u0438.","error.QUERY_TOO_COMPLEX":"\u0417\u0430\u043F\u0440\u043E\u0441 \u0441\u043B\u0438\u0448\u043A\u043E\u043C \u0432\u0435\u043B\u0438\u043A \u0434\u043B\u044F \u0441\u0435\u0440\u0432\u0435\u0440\u0430.","error.GRAPHQL_PARSE_FAILED":"\u041F\u0440\u0438\u043B\u043E\u0436\u0435\u043D\u0438\u0435 \u043E\u0442\u043F\u0440\u0430\u0432\u0438\u043B\u043E \u043D\u0435\u043F\u0440\u0430\u0432\u0438\u043B\u044C\u043D\u044B\u0439 \u0437\u0430\u043F\u0440\u043E\u0441 (\u043E\u0448\u0438\u0431\u043A\u0430 \u0432 \u043F\u0440\u0438\u043B\u043E\u0436\u0435\u043D\u0438\u0438).","error.GRAPHQL_VALIDATION_FAILED":"\u042D\u0442\u043E\u0442 \u0441\u0435\u0440\u0432\u0435\u0440 \u043F\u043E\u043A\u0430 \u044D\u0442\u043E\u0433\u043E \u043D\u0435 \u0443\u043C\u0435\u0435\u0442 (\u0435\u0433\u043E API \u0441\u0442\u0430\u0440\u0448\u0435 \u043F\u0440\u0438\u043B\u043E\u0436\u0435\u043D\u0438\u044F).","error.PERSISTED_QUERY_NOT_FOUND":"\u0421\u0435\u0440\u0432\u0435\u0440 \u043D\u0435 \u0437\u043D\u0430\u043B \u044D\u0442\u043E\u0442 \u0441\u043E\u0445\u0440\u0430\u043D\u0451\u043D\u043D\u044B\u0439 \u0437\u0430\u043F\u0440\u043E\u0441: \u043E\u043D \u043E\u0442\u043F\u0440\u0430\u0432\u043B\u044F\u0435\u0442\u0441\u044F \u0437\u0430\u043D\u043E\u0432\u043E \u0446\u0435\u043B\u0438\u043A\u043E\u043C.","error.NETWORK_ERROR":"\u041D\u0435\u0442 \u0441\u0432\u044F\u0437\u0438 \u0441 Kassa: \u043F\u0440\u043E\u0432\u0435\u0440\u044C\u0442\u0435 \u043F\u043E\u0434\u043A\u043B\u044E\u0447\u0435\u043D\u0438\u0435.","nav.portal":"\u041F\u043E\u0440\u0442\u0430\u043B","portal.keys":"API-\u043A\u043B\u044E\u0447\u0438 \u043F\u043E\u0440\u0442\u0430\u043B\u0430","portal.endpoints":"\u0410\u0434\u0440\u0435\u0441\u0430 \u0432\u0435\u0431\u0445\u0443\u043A\u043E\u0432","portal.newKey":"\u041D\u043E\u0432\u044B\u0439 API-\u043A\u043B\u044E\u0447","portal.createKey":"\u0421\u043E\u0437\u0434\u0430\u0442\u044C \u043A\u043B\u044E\u0447","portal.newEndpoint":"\u041D\u043E\u0432\u044B\u0439 \u0430\u0434\u0440\u0435\u0441 \u0432\u0435\u0431\u0445\u0443\u043A\u043E\u0432","portal.createEndpoint":"\u0414\u043E\u0431\u0430\u0432\u0438\u0442\u044C","portal.shownOnce":"\u0421\u043A\u043E\u043F\u0438\u0440\u0443\u0439\u0442\u0435 \u0441\u0435\u0439\u0447\u0430\u0441: \u041A\u0430\u0441\u0441\u0430 \u0445\u0440\u0430\u043D\u0438\u0442 \u0442\u043E\u043B\u044C\u043A\u043E \u0445\u0435\u0448 \u0438 \u0431\u043E\u043B\u044C\u0448\u0435 \u0435\u0433\u043E \u043D\u0435 \u043F\u043E\u043A\u0430\u0436\u0435\u0442.","portal.prefix":"\u041D\u0430\u0447\u0430\u043B\u043E","portal.scopes":"\u041F\u0440\u0430\u0432\u0430","portal.scope.PAYMENTS_READ":"\u0447\u0438\u0442\u0430\u0442\u044C \u0445\u043E\u043B\u0434\u044B, \u0437\u0430\u043A\u0430\u0437\u044B \u0438 \u0431\u0430\u043B\u0430\u043D\u0441\u044B","portal.scope.PAYMENTS_WRITE":"\u0441\u043E\u0437\u0434\u0430\u0432\u0430\u0442\u044C, \u0441\u043F\u0438\u0441\u044B\u0432\u0430\u0442\u044C \u0438 \u043E\u0442\u043C\u0435\u043D\u044F\u0442\u044C \u0445\u043E\u043B\u0434\u044B (\u0438 \u0447\u0438\u0442\u0430\u0442\u044C)","portal.created":"\u0421\u043E\u0437\u0434\u0430\u043D","portal.lastUsed":"\u041F\u043E\u0441\u043B\u0435\u0434\u043D\u0435\u0435 \u0438\u0441\u043F\u043E\u043B\u044C\u0437\u043E\u0432\u0430\u043D\u0438\u0435","portal.never":"\u043D\u0438\u043A\u043E\u0433\u0434\u0430","portal.revoked":"\u043E\u0442\u043E\u0437\u0432\u0430\u043D","portal.revoke":"\u041E\u0442\u043E\u0437\u0432\u0430\u0442\u044C","portal.keyCreated":"\u041A\u043B\u044E\u0447 {name} \u0441\u043E\u0437\u0434\u0430\u043D.","portal.keyRevoked":"\u041A\u043B\u044E\u0447 {name} \u043E\u0442\u043E\u0437\u0432\u0430\u043D: \u0441 \u044D\u0442\u043E\u0439 \u043C\u0438\u043D\u0443\u0442\u044B \u043E\u043D \u043D\u0438\u0433\u0434\u0435 \u043D\u0435 \u043F\u0440\u0438\u043D\u0438\u043C\u0430\u0435\u0442\u0441\u044F.","portal.noKeys":"API-\u043A\u043B\u044E\u0447\u0435\u0439 \u043D\u0435\u0442.","portal.url":"\u0410\u0434\u0440\u0435\u0441","portal.events":"\u0421\u043E\u0431\u044B\u0442\u0438\u044F","portal.deliveries":"\u0414\u043E\u0441\u0442\u0430\u0432\u043A\u0438","portal.endpointCreated":"\u0410\u0434\u0440\u0435\u0441 \u0434\u043E\u0431\u0430\u0432\u043B\u0435\u043D.","portal.endpointDeleted":"\u0410\u0434\u0440\u0435\u0441 \u0443\u0434\u0430\u043B\u0451\u043D: \u043D\u043E\u0432\u044B\u0445 \u0441\u043E\u0431\u044B\u0442\u0438\u0439 \u0442\u0443\u0434\u0430 \u043D\u0435 \u0431\u0443\u0434\u0435\u0442.","portal.noEndpoints":"\u0410\u0434\u0440\u0435\u0441\u043E\u0432 \u0432\u0435\u0431\u0445\u0443\u043A\u043E\u0432 \u043D\u0435\u0442.","portal.log":"\u041F\u043E\u0441\u043B\u0435\u0434\u043D\u0438\u0435 \u043F\u043E\u043F\u044B\u0442\u043A\u0438 \u0434\u043E\u0441\u0442\u0430\u0432\u043A\u0438 \u043D\u0430 {url}","portal.noAttempts":"\u041F\u043E\u043F\u044B\u0442\u043E\u043A \u0435\u0449\u0451 \u043D\u0435 \u0431\u044B\u043B\u043E.","portal.at":"\u041A\u043E\u0433\u0434\u0430","portal.event":"\u0421\u043E\u0431\u044B\u0442\u0438\u0435","portal.status":"\u041E\u0442\u0432\u0435\u0442","portal.latency":"\u0412\u0440\u0435\u043C\u044F","portal.error":"\u041E\u0448\u0438\u0431\u043A\u0430","audit.API_KEY_CREATED":"\u0421\u043E\u0437\u0434\u0430\u043D API-\u043A\u043B\u044E\u0447","audit.API_KEY_REVOKED":"\u041E\u0442\u043E\u0437\u0432\u0430\u043D API-\u043A\u043B\u044E\u0447","audit.WEBHOOK_ENDPOINT_CREATED":"\u0414\u043E\u0431\u0430\u0432\u043B\u0435\u043D \u0430\u0434\u0440\u0435\u0441 \u0432\u0435\u0431\u0445\u0443\u043A\u043E\u0432","audit.WEBHOOK_ENDPOINT_DELETED":"\u0423\u0434\u0430\u043B\u0451\u043D \u0430\u0434\u0440\u0435\u0441 \u0432\u0435\u0431\u0445\u0443\u043A\u043E\u0432"};var Te={en:ut,ru:ht},ve=["ru","en"],ft="kassa.lang";function Bn(t){for(let a of t||[]){let r=String(a).toLowerCase().split("-")[0];if(ve.includes(r))return r}return"en"}var yt=()=>{try{return globalThis.localStorage??null}catch{return null}};function Fn(){let t=yt()?.getItem(ft);if(ve.includes(t))return t;let a=globalThis.navigator;return Bn(a?.languages?.length?a.languages:[a?.language])}var ce=Fn(),He=new Set,X=()=>ce,oe=(t=ce)=>t==="ru"?"ru-RU":"en-GB";function gt(t){!ve.includes(t)||t===ce||(ce=t,yt()?.setItem(ft,t),He.forEach(a=>a(t)))}var Ne=t=>(He.add(t),()=>He.delete(t));function n(t,a={},r=ce){return(Te[r]?.[t]??Te.en[t]??t).replace(/\{(\w+)\}/g,(o,d)=>a[d]!=null?String(a[d]):o)}function bt(t,a=ce){let r=`error.${t}`;return Te[a]?.[r]??Te.en[r]?n(r,{},a):n("error.generic",{code:t||"UNKNOWN"},a)}var Ye="kassa.token",Kn="";localStorage.removeItem("kassa.api");var wt=Kn||location.origin,me={http:new URL("/graphql",wt).toString(),ws:(()=>{let t=new URL("/graphql/ws",wt);return t.protocol=t.protocol==="https:"?"wss:":"ws:",t.toString()})()},$=class extends Error{constructor(a,{network:r=!1}={}){let s=a?.length?a:[{message:"no data in the response"}];super(s.map(o=>o.extensions?.code?`${o.extensions.code}: ${o.message}`:o.message).join("; ")),this.errors=s,this.codes=s.map(o=>o.extensions?.code).filter(Boolean),this.code=this.codes[0]||(r?"NETWORK_ERROR":"UNKNOWN"),this.network=r}get retriable(){return this.network||this.codes.includes("SERVICE_UNAVAILABLE")||this.codes.includes("INTERNAL_SERVER_ERROR")}};function A(t,{overrides:a={}}={}){t instanceof $||console.error(t);let r=t instanceof $?t.code:"UNKNOWN";return a[r]?n(a[r]):bt(r)}var Ge=new Set,pe=()=>localStorage.getItem(Ye);function Se(t){t?localStorage.setItem(Ye,t):localStorage.removeItem(Ye),Hn(),Ge.forEach(a=>a(t))}var vt=t=>(Ge.add(t),()=>Ge.delete(t)),St=t=>t.match(/\b(?:query|mutation|subscription)\s+(\w+)/)?.[1];async function b(t,a={}){let r={"content-type":"application/json",accept:"application/json"},s=pe();s&&(r.authorization=`Bearer ${s}`);let o;try{o=await fetch(me.http,{method:"POST",headers:r,body:JSON.stringify({query:t,variables:a,operationName:St(t)})})}catch(i){throw new $([{message:`cannot reach the server (${i.message})`}],{network:!0})}let d;try{d=await o.json()}catch{throw new $([{message:`HTTP ${o.status}: not a GraphQL response`}],{network:o.status>=500})}if(d.errors?.length||d.data==null){let i=new $(d.errors);throw i.codes.includes("UNAUTHENTICATED")&&s&&!/\b(signIn|signUp)\b/.test(t)&&Et(),i}return d.data}function Et(){pe()&&Se(null)}var de=null,je=new Set,It=t=>(je.add(t),()=>je.delete(t)),Ve=t=>je.forEach(a=>a(t));function qn(){if(de)return de;let t=pe();return de=qe({url:me.ws,connectionParams:()=>({authorization:`Bearer ${t}`}),lazy:!0,keepAlive:15e3,retryAttempts:1/0,shouldRetry:a=>!(a&&typeof a.code=="number"&&(a.code===4401||a.code===4403)),on:{connecting:()=>Ve("connecting"),connected:()=>Ve("connected"),closed:()=>Ve("closed")}}),de}function Hn(){let t=de;de=null,t&&t.dispose()}function Ee(t,a,{next:r,error:s,complete:o}={}){return pe()?qn().subscribe({query:t,variables:a,operationName:St(t)},{next:d=>{if(d.errors?.length||!d.data)return s?.(new $(d.errors));r?.(d.data)},error:d=>{let i=Array.isArray(d)?new $(d):new $([{message:d?.reason||d?.message||`connection closed (${d?.code??"?"})`}],{network:!0});(i.codes.includes("UNAUTHENTICATED")||d?.code===4401)&&Et(),s?.(i)},complete:()=>o?.()}):()=>{}}function e(t,a={},...r){let s=document.createElement(t);for(let[o,d]of Object.entries(a||{}))d==null||d===!1||(o.startsWith("on")&&typeof d=="function"?s.addEventListener(o.slice(2),d):o==="class"?s.className=d:o==="testid"?s.dataset.testid=d:o==="dataset"?Object.assign(s.dataset,d):o==="value"?s.value=d:d===!0?s.setAttribute(o,""):s.setAttribute(o,String(d)));return At(s,r),s}function At(t,a){for(let r of a.flat(1/0))r==null||r===!1||t.append(r instanceof Node?r:document.createTextNode(String(r)))}function g(t,...a){return t.replaceChildren(),At(t,a),t}function F(t){let a={};for(let r of t.elements)r.name&&(a[r.name]=r.type==="checkbox"?r.checked:r.value.trim());return a}function R(t){return e("p",{class:"status",testid:t,role:"status","aria-live":"polite"})}function y(t,a,r="ok"){t.textContent=a,t.dataset.kind=r,t.className=`status ${r}`}var xt=()=>new URLSearchParams(location.hash.split("?")[1]||"");var kt=`# Me: the signed-in user (id, email, name, roles) and the number of their wallet;
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
`;var Tt=`# SignOut: revokes the token this request carries; the subscriptions opened with it end.
# Who may call: any signed-in user.
# Example variables: {}
mutation SignOut {
  signOut
}
`;var J=null,ze=new Set,se=()=>J,Re=t=>!!J?.roles?.includes(t),Nt=t=>(ze.add(t),()=>ze.delete(t)),Rt=()=>ze.forEach(t=>t(J));async function Dt(){if(!pe())return J=null;try{J=(await b(kt)).me,J||Se(null)}catch(t){if(t instanceof $&&t.codes.includes("UNAUTHENTICATED"))J=null;else throw t}return J}vt(t=>{t||(J=null,Rt())});async function Pt(){try{await b(Tt)}catch{}Se(null)}async function Qe(t){Se(t.token),J=t.user,Rt()}var De=class{constructor({fetchWallet:a,onChange:r}){this.fetchWallet=a,this.onChange=r,this.state=null}reset(){this.state=null}apply(a){let r=this.state?.version;if(r!=null&&a.version<=r)return"ignored";let s=r!=null&&a.version>r+1;return this.set({balance:a.balance,currency:a.currency,version:a.version,walletNumber:a.walletNumber},{event:a,gap:s}),s&&this.resync(),s?"resync":"applied"}async resync(){let a=await this.fetchWallet();a&&(this.state==null||a.version>=this.state.version)&&this.set({balance:a.balance,currency:a.currency,version:a.version,walletNumber:a.number},{resynced:!0})}set(a,r){this.state=a,this.onChange?.(a,r)}};var Ze=new Map;function Gn(t,a){let r=`${a}|${t}`;return Ze.has(r)||Ze.set(r,new Intl.NumberFormat(oe(a),{style:"currency",currency:t,currencyDisplay:a==="en"?"code":"symbol",minimumFractionDigits:2,maximumFractionDigits:2})),Ze.get(r)}function P(t,a="RUB",r=X()){return t==null||t===""?"\u2014":Gn(a||"RUB",r).format(String(t))}function Xe(t,a=X()){return t==null||t===""?"\u2014":new Intl.NumberFormat(oe(a),{minimumFractionDigits:2,maximumFractionDigits:2}).format(String(t))}function Q(t){return String(t??"").replace(/\D/g,"").replace(/(\d{4})(?=\d)/g,"$1 ")}function Ut(t){return String(t??"").replace(/[\s-]/g,"")}function Ct(t){if(!/^\d+$/.test(t))return!1;let a=0;for(let r=0;r<t.length;r++){let s=t.charCodeAt(t.length-1-r)-48;r%2===1&&(s=s*2>9?s*2-9:s*2),a+=s}return a%10===0}function ue(t){return/^\d+(\.\d{1,2})?$/.test(t)&&/[1-9]/.test(t)}function K(t,a=X()){if(!t)return"";let r=new Date(t);return Number.isNaN(r.getTime())?t:new Intl.DateTimeFormat(oe(a),{dateStyle:"short",timeStyle:"medium"}).format(r)}function Je(t,a=X()){let r=new Date(`${t}T00:00:00Z`);return Number.isNaN(r.getTime())?t:new Intl.DateTimeFormat(oe(a),{dateStyle:"short",timeZone:"UTC"}).format(r)}var Pe=(t,a=X())=>n(`kind.${t}`,{},a),et={TOP_UP:"+",REFUND:"+",WRITE_OFF:"\u2212",PAYMENT:"\u2212"};function he(){if(globalThis.crypto?.randomUUID)return crypto.randomUUID();let t=crypto.getRandomValues(new Uint8Array(16));t[6]=t[6]&15|64,t[8]=t[8]&63|128;let a=[...t].map(r=>r.toString(16).padStart(2,"0")).join("");return`${a.slice(0,8)}-${a.slice(8,12)}-${a.slice(12,16)}-${a.slice(16,20)}-${a.slice(20)}`}var Ue=`# MyWallet: the signed-in user's wallet (number, balance, version) with one page of its
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
`;var at=document.getElementById("balance-widget"),fe=document.getElementById("balance"),Ot=document.getElementById("balance-currency"),Ie=document.getElementById("balance-status"),tt=new Set,Ce=new De({fetchWallet:async()=>(await b(Ue,{first:1})).myWallet,onChange:(t,a)=>{_t(t),tt.forEach(r=>r(t,a))}});function _t(t){fe.textContent=P(t.balance,t.currency),fe.dataset.amount=t.balance,fe.dataset.version=String(t.version),Ot.textContent="",Ot.dataset.currency=t.currency}var Qn=at.querySelector(".balance-label");function Mt(){Qn.textContent=n("widget.balance"),Ce.state&&_t(Ce.state)}Ne(Mt);Mt();var $e=t=>(tt.add(t),()=>tt.delete(t)),nt=null;function rt(){ot(),at.hidden=!1,fe.textContent="\u2026",nt=Ee($t,{},{next:({myBalance:t})=>Ce.apply(t),error:t=>{Ie.dataset.state="error",Ie.title=A(t)},complete:()=>{Ie.dataset.state="closed"}})}function ot(){nt?.(),nt=null,Ce.reset(),at.hidden=!0,delete fe.dataset.amount,delete fe.dataset.version}It(t=>{Ie.dataset.state=t,Ie.title=n(`widget.socket.${t}`)});var Zn=document.getElementById("nav"),Xn=document.getElementById("account");function Oe(){let t=se(),a=[];t&&(a.push(["#/wallet",n("nav.wallet"),"nav-wallet"]),(Re("CASHIER")||Re("ADMIN"))&&a.push(["#/cashier",n("nav.cashier"),"nav-cashier"]),Re("ADMIN")&&(a.push(["#/admin/cashiers",n("nav.cashiers"),"nav-admin-cashiers"]),a.push(["#/admin/payment-systems",n("nav.paymentSystems"),"nav-admin-payment-systems"]),a.push(["#/admin/audit",n("nav.audit"),"nav-admin-audit"]),a.push(["#/admin/report",n("nav.report"),"nav-admin-report"]),a.push(["#/admin/portal",n("nav.portal"),"nav-admin-portal"]))),document.documentElement.lang=X(),document.title=n("app.title");let r=location.hash.split("?")[0];g(Zn,a.map(([o,d,i])=>e("a",{href:o,testid:i,class:r===o?"active":null},d)));let s=e("span",{class:"lang",testid:"lang-switch",role:"group","aria-label":n("nav.language")},ve.map(o=>e("button",{type:"button",class:`link${o===X()?" active":""}`,testid:`lang-${o}`,lang:oe(o),"aria-pressed":String(o===X()),onclick:()=>gt(o)},n(`lang.${o}`,{},o))));g(Xn,s,t?[e("span",{class:"who",testid:"account-name",title:t.email},t.name),e("button",{type:"button",class:"link",testid:"signout",onclick:Pt},n("nav.signOut"))]:[])}var Wt=`# SignIn: exchanges email and password for a bearer token. Bad credentials fail with
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
`;var Lt=`# SignUp: creates a customer account with its own wallet and signs in; keep the returned
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
`;function Bt(t){let a=R("login-error"),r=R("signup-error"),s=e("form",{class:"card",testid:"login-form",onsubmit:async d=>{d.preventDefault();let i=F(d.target);y(a,n("login.signingIn"),"info");try{let{signIn:u}=await b(Wt,{input:{email:i.email,password:i.password}});await Qe(u)}catch(u){y(a,A(u,{overrides:{UNAUTHENTICATED:"login.wrong"}}),"error")}}},e("h2",{},n("login.signIn")),e("label",{},n("field.email"),e("input",{name:"email",type:"email",required:!0,autocomplete:"username",testid:"login-email",id:"login-email"})),e("label",{},n("field.password"),e("input",{name:"password",type:"password",required:!0,autocomplete:"current-password",testid:"login-password",id:"login-password"})),e("button",{type:"submit",testid:"login-submit",id:"login-submit"},n("login.signIn")),a),o=e("form",{class:"card",testid:"signup-form",onsubmit:async d=>{d.preventDefault();let i=F(d.target);y(r,n("login.creating"),"info");try{let{signUp:u}=await b(Lt,{input:{name:i.name,email:i.email,password:i.password}});await Qe(u)}catch(u){y(r,A(u,{overrides:{BAD_USER_INPUT:"login.signUpRefused"}}),"error")}}},e("h2",{},n("login.newHere")),e("label",{},n("field.name"),e("input",{name:"name",required:!0,autocomplete:"name",testid:"signup-name"})),e("label",{},n("field.email"),e("input",{name:"email",type:"email",required:!0,autocomplete:"email",testid:"signup-email"})),e("label",{},n("field.newPassword"),e("input",{name:"password",type:"password",required:!0,minlength:8,maxlength:128,autocomplete:"new-password",testid:"signup-password"})),e("button",{type:"submit",testid:"signup-submit"},n("login.signUp")),r);g(t,e("div",{class:"grid two"},s,o),e("p",{class:"muted small"},n("login.api",{url:me.http})))}function Ae(t,{showWallet:a=!1,testid:r="history-row",currency:s="RUB"}={}){return t.map(({node:o})=>e("tr",{testid:r,dataset:{id:o.id,kind:o.kind}},e("td",{class:"nowrap"},K(o.createdAt)),a?e("td",{class:"mono nowrap"},Q(o.wallet?.number)):null,e("td",{},e("span",{class:`kind ${o.kind}`},Pe(o.kind))),e("td",{class:`num ${et[o.kind]==="+"?"plus":"minus"}`},`${et[o.kind]||""}${P(o.amount,o.wallet?.currency||s)}`),e("td",{class:"num"},P(o.balanceAfter,o.wallet?.currency||s)),e("td",{class:"details"},[o.paymentSystem?.name,o.invoice?n("tx.invoice",{number:o.invoice.number}):null,o.reference,o.comment,o.performedBy&&!a?n("tx.by",{name:o.performedBy.name}):null].filter(Boolean).join(" \xB7 "))))}function Ft(t){try{let a=new URL(t);return a.protocol==="https:"||a.protocol==="http:"?a.toString():null}catch{return null}}var _e=`# The payment systems with their online-payment settings; the ADMIN-only fields are null
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
`;var Kt=`mutation StartTopUp($input: StartTopUpInput!) {
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
`;var qt=`# The signed-in user's online top-ups, newest first.
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
`;var st="kassa.lastInvoice",ra=3e3,oa=600*1e3;function Ht(t){let a=e("section",{class:"card",testid:"online-topup"},e("h2",{},n("online.title"))),r=e("tbody",{testid:"invoices"}),s=e("section",{class:"card",testid:"invoice-list"},e("h2",{},n("online.invoices")),e("table",{},e("thead",{},e("tr",{},e("th",{},n("invoice.number")),e("th",{},n("tx.when")),e("th",{},n("field.paymentSystem")),e("th",{class:"num"},n("tx.amount")),e("th",{},n("invoice.status")))),r)),o=xt().get("invoice")||sessionStorage.getItem(st),d=null,i=o?Date.now()+oa:0,u=null;t.push(()=>clearTimeout(u));async function f(){let{myWallet:m}=await b(qt,{first:10}),l=m.topUpInvoices.edges;g(r,l.length?l.map(({node:h})=>sa(h,m.currency,o)):e("tr",{},e("td",{colspan:5,class:"muted"},n("online.noInvoices"))));let p=l.find(({node:h})=>h.id===o||h.number===o)?.node;p&&p.status!=="PENDING"&&sessionStorage.removeItem(st),clearTimeout(u),p?.status==="PENDING"&&Date.now()<i&&(u=setTimeout(()=>f().catch(()=>{}),ra))}async function S(){let m;try{m=(await b(_e)).paymentSystems}catch(E){let _=E instanceof $&&E.codes.includes("GRAPHQL_VALIDATION_FAILED");return a.append(e("p",{class:"notice",testid:"online-unavailable"},_?n("online.notOnThisServer"):A(E))),!1}let l=m.filter(E=>E.enabled&&E.acceptsOnlinePayments);if(!l.length)return a.append(e("p",{class:"notice",testid:"online-unavailable"},n("online.none"))),!0;let p=R("online-status"),h=e("form",{testid:"online-form",oninput:()=>d=null,onsubmit:E=>(E.preventDefault(),c(E.target,p))},e("label",{},n("field.paymentSystem"),e("select",{name:"paymentSystemId",testid:"online-system",required:!0},l.map(E=>e("option",{value:E.id},E.name)))),e("label",{},n("field.amount"),e("input",{name:"amount",testid:"online-amount",inputmode:"decimal",placeholder:"1500.00",required:!0,autocomplete:"off"})),e("button",{type:"submit",testid:"online-submit"},n("online.submit")),p);return a.append(e("p",{class:"muted small"},n("online.explain")),h),!0}async function c(m,l){let p=F(m);if(!ue(p.amount))return y(l,n("form.badAmount"),"error");d||(d=he());let h=m.querySelector("button[type=submit]");h.disabled=!0,y(l,n("online.starting"),"info");try{let{startTopUp:E}=await b(Kt,{input:{paymentSystemId:p.paymentSystemId,amount:p.amount,idempotencyKey:d}});d=null,sessionStorage.setItem(st,E.id);let _=Ft(E.paymentUrl);if(!_)return y(l,A(new $([{message:"paymentUrl is not a web address",extensions:{code:"BAD_PAYMENT_URL"}}])),"error");y(l,n("online.redirecting",{system:E.paymentSystem.name}),"ok"),m.dataset.invoiceId=E.id,location.assign(_)}catch(E){E instanceof $&&E.retriable?y(l,n("form.retryHint",{error:A(E)}),"error"):(d=null,y(l,A(E),"error"))}finally{h.disabled=!1}}return t.push($e((m,l)=>(l.event?.transaction||l.resynced)&&f().catch(()=>{}))),(async()=>{await S()?await f():s.hidden=!0})().catch(m=>r.append(e("tr",{},e("td",{colspan:5,class:"error"},A(m))))),{card:a,invoices:s}}function sa(t,a,r){let s=t.id===r||t.number===r;return e("tr",{testid:"invoice-row",class:s?"highlight":null,dataset:{id:t.id,number:t.number,status:t.status}},e("td",{class:"mono"},t.number),e("td",{class:"nowrap"},K(t.createdAt)),e("td",{},t.paymentSystem?.name),e("td",{class:"num"},P(t.amount,a)),e("td",{},e("span",{class:`badge status-${t.status}`,testid:"invoice-status"},n(`invoice.${t.status}`)),t.status==="PENDING"&&s?e("span",{class:"muted small"},` ${n("online.waiting")}`):null))}var ye=`# PaymentSystems: the connected payment systems. Customers and cashiers get the enabled
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
`;async function Yt(t,a){let s=e("div",{class:"wallet-number mono",testid:"wallet-number"}),o=e("div",{class:"big",testid:"wallet-balance"}),d=e("div",{testid:"topup-instructions"}),i=e("tbody",{testid:"history"}),u=e("button",{type:"button",class:"secondary",testid:"history-prev"},n("history.newer")),f=e("button",{type:"button",class:"secondary",testid:"history-next"},n("history.older")),S=e("span",{class:"muted",testid:"history-page"}),c=[null],m=0,l=null;async function p(){let{myWallet:T}=await b(Ue,{first:10,after:c[m]});l=T,s.textContent=Q(T.number),s.dataset.number=T.number,o.textContent=P(T.balance,T.currency),o.dataset.amount=T.balance;let W=T.transactions;g(i,W.edges.length?Ae(W.edges,{currency:T.currency}):e("tr",{},e("td",{colspan:5,class:"muted"},m?n("history.noOlder"):n("history.none")))),c[m+1]=W.pageInfo.endCursor,f.disabled=!W.pageInfo.hasNextPage,u.disabled=m===0,S.textContent=n("history.page",{n:m+1})}u.onclick=()=>{m=Math.max(0,m-1),p().catch(_)},f.onclick=()=>{m+=1,c=c.slice(0,m+1),p().catch(_)};let h=R("wallet-error"),E=Ht(a),_=T=>y(h,A(T),"error");g(t,e("h1",{},n("nav.wallet")),e("div",{class:"grid two"},e("section",{class:"card"},e("h2",{},n("wallet.number")),s,e("p",{class:"muted small"},n("wallet.tellCashier")),e("h2",{},n("widget.balance")),o),e("section",{class:"card"},e("h2",{},n("wallet.howToTopUp")),d)),E.card,E.invoices,e("section",{class:"card"},e("div",{class:"row"},e("h2",{},n("history.title")),e("span",{class:"spacer"}),u,S,f),e("table",{class:"tx"},e("thead",{},e("tr",{},e("th",{},n("tx.when")),e("th",{},n("tx.what")),e("th",{class:"num"},n("tx.amount")),e("th",{class:"num"},n("tx.balanceAfter")),e("th",{},n("tx.details")))),i),h));let[B,q,O]=await Promise.all([p(),b(Vt),b(ye)]),ne=O.paymentSystems.filter(T=>T.enabled);q.walletConfig.topUpAvailable&&ne.length?g(d,e("ol",{},e("li",{},n("wallet.step1"),e("ul",{testid:"payment-system-list"},ne.map(T=>e("li",{testid:"payment-system-option"},T.name)))),e("li",{},n("wallet.step2")),e("li",{},n("wallet.step3")," ",e("strong",{class:"mono"},Q(l.number)))),e("p",{class:"muted small"},n("wallet.max",{amount:P(q.walletConfig.maxOperationAmount,q.walletConfig.currency)}))):g(d,e("p",{class:"notice",testid:"topup-unavailable"},n("wallet.unavailable")));let Z=(T,W)=>{o.textContent=P(T.balance,T.currency),o.dataset.amount=T.balance,(W.event?.transaction||W.resynced)&&m===0&&p().catch(_)};a.push($e(Z))}var Gt=`# CASHIER, ADMIN: every wallet's invoices, e.g. the REVIEW queue.
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
`;var jt=`# CASHIER: credit a REVIEW invoice (credit: true) or reject it, with a reason.
mutation ResolveTopUpInvoice($input: ResolveTopUpInvoiceInput!) {
  resolveTopUpInvoice(input: $input) {
    id
    number
    status
  }
}
`;function zt(){let t=e("tbody",{testid:"review-list"}),a=R("review-status"),r=new Map,s=e("section",{class:"card",testid:"review-queue"},e("h2",{},n("review.title")),e("p",{class:"muted small"},n("review.explain")),e("table",{},e("thead",{},e("tr",{},e("th",{},n("invoice.number")),e("th",{},n("tx.wallet")),e("th",{},n("field.paymentSystem")),e("th",{class:"num"},n("tx.amount")),e("th",{},n("review.creditAmount")),e("th",{},n("field.reason")),e("th",{}))),t),a);async function o(){let{topUpInvoices:i}=await b(Gt,{status:"REVIEW",first:50}),u=i.edges;g(t,u.length?u.map(({node:f})=>d(f)):e("tr",{},e("td",{colspan:7,class:"muted"},n("review.empty"))))}function d(i){let u=e("input",{name:"reason",testid:`review-reason-${i.id}`,placeholder:n("review.reasonPlaceholder"),autocomplete:"off"}),f=e("input",{name:"amount",testid:`review-amount-${i.id}`,placeholder:n("review.amountPlaceholder"),inputmode:"decimal",autocomplete:"off",class:"short"}),S=async(l,p)=>{let h=u.value.trim();if(!h)return y(a,n("review.needReason"),"error");let E=l?f.value.trim():"";if(E&&!ue(E))return y(a,n("form.badAmount"),"error");let _=`${i.id}|${l}|${E}|${h}`;r.has(_)||r.set(_,he()),p.disabled=!0;try{let{resolveTopUpInvoice:B}=await b(jt,{input:{invoiceId:i.id,credit:l,...E?{amount:E}:{},reason:h,idempotencyKey:r.get(_)}});r.delete(_),y(a,n(l?"review.credited":"review.rejected",{number:B.number}),"ok"),await o()}catch(B){B instanceof $&&B.retriable||r.delete(_),y(a,A(B),"error")}finally{p.disabled=!1}},c=e("button",{type:"button",class:"small",testid:`review-credit-${i.id}`,onclick:l=>S(!0,l.currentTarget)},n("review.credit")),m=e("button",{type:"button",class:"small danger",testid:`review-reject-${i.id}`,onclick:l=>S(!1,l.currentTarget)},n("review.reject"));return e("tr",{testid:"review-row",dataset:{id:i.id,number:i.number}},e("td",{class:"mono"},i.number,e("div",{class:"muted small"},K(i.createdAt))),e("td",{},e("span",{class:"mono"},Q(i.wallet.number)),e("div",{class:"muted small"},i.wallet.owner?.name)),e("td",{},i.paymentSystem?.name,i.externalId?e("div",{class:"muted small mono"},i.externalId):null),e("td",{class:"num"},P(i.amount,i.wallet.currency),i.paidAmount!=null?e("div",{class:"muted small",testid:"review-paid"},n("review.paid",{amount:P(i.paidAmount,i.wallet.currency)})):null,i.reviewReason?e("div",{class:"muted small",testid:"review-why"},i.reviewReason):null),e("td",{},f),e("td",{},u),e("td",{class:"nowrap"},c," ",m))}return o().catch(i=>{let u=i instanceof $&&i.codes.includes("GRAPHQL_VALIDATION_FAILED");g(t,e("tr",{},e("td",{colspan:7,class:"muted"},u?n("online.notOnThisServer"):A(i))))}),s}var Qt=`# WalletByNumber: finds the wallet whose 12-digit number a customer gives at the desk,
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
`;async function nn(t,a){let r=null,s=null,o=null,d=null,i=R("topup-find-error"),u=e("div",{class:"found",testid:"topup-wallet"}),f=e("input",{name:"number",id:"topup-wallet-number",testid:"topup-wallet-number",inputmode:"numeric",autocomplete:"off",placeholder:"1234 5678 9012",required:!0,"aria-label":n("cashier.walletNumber")}),S=e("form",{class:"row",testid:"topup-find-form",onsubmit:I=>(I.preventDefault(),c())},f,e("button",{type:"submit",testid:"topup-find",id:"topup-find"},n("cashier.find")));async function c(){let I=Ut(f.value);s?.(),s=null,r=null,q(!1),g(u),y(i,/^\d{12}$/.test(I)&&!Ct(I)?n("cashier.checkDigit"):n("cashier.lookingUp"),"info");try{let{walletByNumber:U}=await b(Qt,{number:I,first:5});if(!U)return y(i,n("cashier.noWallet",{number:Q(I)}),"error");r=U,y(i,"","ok"),m(),q(!0),s=Ee(en,{walletNumber:r.number},{next:({walletBalance:w})=>{r&&w.walletNumber===r.number&&w.version>r.version&&(r={...r,balance:w.balance,version:w.version},m())}})}catch(U){y(i,A(U),"error")}}a.push(()=>s?.());function m(){g(u,e("div",{},e("strong",{testid:"topup-owner"},r.owner.name)," ",e("span",{class:"muted"},r.owner.email)),e("div",{class:"mono",testid:"topup-found-number"},Q(r.number)),e("div",{},`${n("cashier.balance")} `,e("strong",{testid:"topup-wallet-balance",dataset:{amount:r.balance}},P(r.balance,r.currency))))}let{paymentSystems:l}=await b(ye),p=l.filter(I=>I.enabled),h=R("topup-status"),E=e("form",{class:"card",testid:"topup-form",oninput:()=>o=null,onsubmit:I=>(I.preventDefault(),ne(I.target))},e("h2",{},n("cashier.topUp")),e("label",{},n("field.paymentSystem"),e("select",{name:"paymentSystemId",id:"topup-payment-system",testid:"topup-payment-system",required:!0},p.length?p.map(I=>e("option",{value:I.id},I.name)):e("option",{value:""},n("cashier.noSystem")))),e("label",{},n("field.amount"),e("input",{name:"amount",id:"topup-amount",testid:"topup-amount",inputmode:"decimal",placeholder:"1250.00",required:!0,autocomplete:"off"})),e("label",{},n("cashier.receipt"),e("input",{name:"receipt",id:"topup-receipt",testid:"topup-receipt",required:!0,autocomplete:"off"})),e("label",{},n("cashier.comment"),e("input",{name:"comment",id:"topup-comment",testid:"topup-comment",autocomplete:"off"})),e("button",{type:"submit",id:"topup-submit",testid:"topup-submit"},n("cashier.topUp")),h),_=R("writeoff-status"),B=e("form",{class:"card",testid:"writeoff-form",oninput:()=>d=null,onsubmit:I=>(I.preventDefault(),Z(I.target))},e("h2",{},n("cashier.writeOff")),e("label",{},n("field.amount"),e("input",{name:"amount",testid:"writeoff-amount",inputmode:"decimal",required:!0,autocomplete:"off"})),e("label",{},n("field.reason"),e("input",{name:"reason",testid:"writeoff-reason",required:!0,autocomplete:"off"})),e("button",{type:"submit",class:"danger",testid:"writeoff-submit"},n("cashier.writeOff")),_);function q(I){for(let U of[E,B])for(let w of U.elements)w.disabled=!I}async function O({form:I,statusEl:U,mutation:w,field:N,input:v,getKey:k,setKey:D,verb:C}){if(!r)return;if(!ue(v.amount))return y(U,n("form.badAmount"),"error");let x=k()||D(he()),H=I.querySelector("button[type=submit]");H.disabled=!0,y(U,n("form.sending"),"info");try{let Y=await b(w,{input:{...v,idempotencyKey:x}}),{transaction:re,wallet:z}=Y[N];D(null);let M=I.elements.paymentSystemId?.value;I.reset(),M&&(I.elements.paymentSystemId.value=M),H.textContent=C,r={...r,balance:z.balance,version:Math.max(r.version,z.version)},m(),y(U,n("cashier.done",{kind:Pe(re.kind),amount:P(re.amount,z.currency),balance:P(z.balance,z.currency)}),"ok")}catch(Y){Y instanceof $&&Y.retriable?(H.textContent=n("form.retry",{verb:C}),y(U,n("form.retryHint",{error:A(Y)}),"error")):(D(null),y(U,A(Y),"error"))}finally{H.disabled=!1}}function ne(I){let U=F(I);return O({form:I,statusEl:h,mutation:Xt,field:"topUpWallet",verb:n("cashier.topUp"),input:{walletNumber:r?.number,amount:U.amount,paymentSystemId:U.paymentSystemId,receipt:U.receipt,comment:U.comment||null},getKey:()=>o,setKey:w=>o=w})}function Z(I){let U=F(I);return O({form:I,statusEl:_,mutation:Jt,field:"writeOffWallet",verb:n("cashier.writeOff"),input:{walletNumber:r?.number,amount:U.amount,reason:U.reason},getKey:()=>d,setKey:w=>d=w})}let T=e("tbody",{testid:"recent-transactions"}),W=e("span",{class:"muted small",testid:"feed-status"},n("feed.connecting")),ee=new Set,ie=e("table",{class:"tx"},e("thead",{},e("tr",{},e("th",{},n("tx.when")),e("th",{},n("tx.wallet")),e("th",{},n("tx.what")),e("th",{class:"num"},n("tx.amount")),e("th",{class:"num"},n("tx.balanceAfter")),e("th",{},n("tx.details")))),T);g(t,e("h1",{},n("nav.cashier")),e("section",{class:"card"},e("h2",{},n("cashier.findTitle")),S,i,u),e("div",{class:"grid two"},E,B),zt(),e("section",{class:"card"},e("div",{class:"row"},e("h2",{},n("feed.title")),e("span",{class:"spacer"}),W),ie)),q(!1);let{recentTransactions:be}=await b(Zt,{first:50});be.edges.forEach(I=>ee.add(I.node.id)),g(T,Ae(be.edges,{showWallet:!0,testid:"recent-row"}));let ke=Ee(tn,{},{next:({transactionFeed:I})=>{W.textContent=n("feed.live"),!ee.has(I.id)&&(ee.add(I.id),T.prepend(...Ae([{node:I}],{showWallet:!0,testid:"recent-row"})))},error:I=>W.textContent=A(I),complete:()=>W.textContent=n("feed.ended")});W.textContent=n("feed.live"),a.push(ke)}var an=`# Users: users whose email or name contains \`search\` (e.g. to choose a cashier), with
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
`;async function cn(t){let a=e("tbody",{testid:"cashier-list"}),r=e("tbody",{testid:"user-results"}),s=R("cashiers-status"),o=new Set;async function d(){let{cashiers:l}=await b(rn);o=new Set(l.map(p=>p.user.id)),g(a,l.length?l.map(p=>e("tr",{testid:"cashier-row",dataset:{userId:p.user.id}},e("td",{},p.user.name),e("td",{},p.user.email),e("td",{class:"muted"},p.addedBy?`${p.addedBy.name}, `:`${n("cashiers.commandLine")}, `,K(p.addedAt)),e("td",{},e("button",{type:"button",class:"danger small",testid:`cashier-remove-${p.user.id}`,onclick:()=>f(()=>b(ln,{userId:p.user.id}),n("cashiers.removed",{name:p.user.name}))},n("action.remove"))))):e("tr",{},e("td",{colspan:4,class:"muted"},n("cashiers.none"))))}async function i(l){let{users:p}=await b(an,{search:l||null,first:20});g(r,p.edges.length?p.edges.map(({node:h})=>e("tr",{testid:"user-row",dataset:{userId:h.id}},e("td",{},h.name),e("td",{},h.email),e("td",{},h.roles.map(E=>n(`role.${E}`)).join(", ")),e("td",{},o.has(h.id)?e("span",{class:"badge"},n("role.CASHIER")):e("button",{type:"button",class:"small",testid:`make-cashier-${h.id}`,onclick:()=>f(()=>b(sn,{userId:h.id}),n("cashiers.added",{name:h.name}))},n("cashiers.make"))))):e("tr",{},e("td",{colspan:4,class:"muted"},n("cashiers.nobody"))))}let u="";async function f(l,p){try{await l(),y(s,p,"ok"),await d(),await i(u)}catch(h){y(s,A(h),"error")}}let S=e("form",{class:"row",onsubmit:l=>{l.preventDefault(),u=F(l.target).q,i(u).catch(p=>y(s,A(p),"error"))}},e("input",{name:"q",testid:"user-search",placeholder:n("cashiers.searchPlaceholder")}),e("button",{type:"submit",testid:"user-search-submit"},n("action.search"))),c=R("new-user-status"),m=e("form",{class:"card",testid:"new-user-form",onsubmit:async l=>{l.preventDefault();let p=F(l.target);try{let{createUser:h}=await b(on,{input:{email:p.email,name:p.name,password:p.password}});l.target.reset(),y(c,n("cashiers.created",{name:h.name,number:Q(h.wallet.number)}),"ok"),u=h.email,await i(u)}catch(h){y(c,A(h),"error")}}},e("h2",{},n("cashiers.createUser")),e("label",{},n("field.name"),e("input",{name:"name",required:!0,testid:"new-user-name"})),e("label",{},n("field.email"),e("input",{name:"email",type:"email",required:!0,testid:"new-user-email"})),e("label",{},n("field.initialPassword"),e("input",{name:"password",type:"password",required:!0,minlength:8,testid:"new-user-password",autocomplete:"new-password"})),e("button",{type:"submit",testid:"new-user-submit"},n("cashiers.createUserSubmit")),c);g(t,e("h1",{},n("nav.cashiers")),s,e("section",{class:"card"},e("h2",{},n("cashiers.current")),e("table",{},e("thead",{},e("tr",{},e("th",{},n("field.name")),e("th",{},n("field.email")),e("th",{},n("cashiers.addedBy")),e("th",{}))),a)),e("div",{class:"grid two"},e("section",{class:"card"},e("h2",{},n("cashiers.find")),S,e("table",{},e("thead",{},e("tr",{},e("th",{},n("field.name")),e("th",{},n("field.email")),e("th",{},n("cashiers.roles")),e("th",{}))),r)),m)),await d(),await i("")}var dn=`# CreatePaymentSystemBinding: connects a payment system (provider, display name,
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
`;var Me=`# UpdatePaymentSystemBinding: renames, enables/disables or re-keys a payment system;
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
`;var Aa=["YOOMONEY","QIWI","PAYMASTER","MYKASSA","ROBOKASSA","OTHER"],xa=["MD5","SHA1","SHA256","SHA384","SHA512"];function it({editing:t=null,online:a=!0,onDone:r,onCancel:s}){let o=R(t?"ps-edit-status":"ps-form-status");return e("form",{class:"card",testid:t?"ps-edit-form":"ps-form",onsubmit:async i=>{i.preventDefault();let u=F(i.target),f=a?{paymentSecret:u.paymentSecret||null,hashAlgorithm:u.hashAlgorithm||null,testMode:u.testMode}:{};try{if(t){let S={name:u.name||null,merchantId:u.merchantId||null,secret:u.secret||null,...f};await b(Me,{id:t.id,input:S}),y(o,n("ps.updated",{name:u.name||t.name}),"ok")}else{let S={provider:u.provider,name:u.name,merchantId:u.merchantId||null,secret:u.secret||null,enabled:u.enabled,...f};await b(dn,{input:S}),i.target.reset(),y(o,n("ps.connected",{name:u.name}),"ok")}for(let S of["secret","paymentSecret"])i.target.elements[S]&&(i.target.elements[S].value="");await r?.()}catch(S){y(o,A(S),"error")}}},e("h2",{},t?n("ps.editTitle",{name:t.name}):n("ps.connectTitle")),t?e("p",{class:"muted small"},n("ps.provider"),": ",e("strong",{},t.provider)):e("label",{},n("ps.provider"),e("select",{name:"provider",testid:"ps-provider"},Aa.map(i=>e("option",{value:i},i)))),e("label",{},n("ps.nameShown"),e("input",{name:"name",required:!t,testid:"ps-name",value:t?.name,placeholder:"Robokassa"})),e("label",{},n("ps.merchantId"),e("input",{name:"merchantId",testid:"ps-merchant",autocomplete:"off",value:t?.merchantId})),e("label",{},n(t?"ps.secretKeep":"ps.secret"),e("input",{name:"secret",type:"password",testid:"ps-secret",autocomplete:"new-password"})),a?e("label",{},n(t?"ps.paymentSecretKeep":"ps.paymentSecret"),e("input",{name:"paymentSecret",type:"password",testid:"ps-payment-secret",autocomplete:"new-password"})):null,a?e("label",{},n("ps.hashAlgorithm"),e("select",{name:"hashAlgorithm",testid:"ps-hash"},xa.map(i=>e("option",{value:i,selected:(t?.hashAlgorithm||"MD5")===i},i)))):null,a?e("label",{class:"check"},e("input",{name:"testMode",type:"checkbox",checked:!!t?.testMode,testid:"ps-test-mode"}),n("ps.testMode")):null,t?null:e("label",{class:"check"},e("input",{name:"enabled",type:"checkbox",checked:!0,testid:"ps-enabled"}),n("ps.enabled")),e("p",{class:"muted small"},n("ps.secretsHelp")),e("div",{class:"row"},e("button",{type:"submit",testid:t?"ps-save":"ps-create"},t?n("action.save"):n("ps.connect")),t?e("button",{type:"button",class:"secondary",testid:"ps-cancel",onclick:()=>s?.()},n("action.cancel")):null),o)}async function ka(){try{return{list:(await b(_e)).paymentSystems,online:!0}}catch(t){if(!(t instanceof $&&t.codes.includes("GRAPHQL_VALIDATION_FAILED")))throw t;return{list:(await b(ye)).paymentSystems,online:!1}}}async function Ta(t){if(navigator.clipboard?.writeText)try{return await navigator.clipboard.writeText(t)}catch{}let a=e("textarea",{class:"offscreen",readonly:!0},t);document.body.append(a),a.select(),document.execCommand("copy"),a.remove()}async function mn(t){let a=e("tbody",{testid:"ps-list"}),r=R("ps-status"),s=e("div",{testid:"ps-edit-slot"}),o=!0,d=c=>c==null?"\u2014":n(c?"common.yes":"common.no");function i(c){let m=c.notificationUrl?e("button",{type:"button",class:"small secondary",testid:`ps-copy-${c.id}`,title:c.notificationUrl,onclick:async()=>{try{await Ta(c.notificationUrl),y(r,n("ps.copied",{name:c.name}),"ok")}catch{y(r,n("ps.copyFailed"),"error")}}},n("action.copy")):null;return e("tr",{testid:"ps-row",dataset:{id:c.id,enabled:String(c.enabled),online:String(!!c.acceptsOnlinePayments)}},e("td",{},e("strong",{},c.name),e("div",{class:"muted small"},c.provider)),e("td",{class:"mono"},c.merchantId??"\u2014"),o?e("td",{class:"url"},c.notificationUrl?e("code",{testid:`ps-notification-url-${c.id}`},c.notificationUrl):"\u2014"," ",m):null,o?e("td",{testid:`ps-online-${c.id}`},d(c.acceptsOnlinePayments)):null,o?e("td",{},c.hashAlgorithm??"\u2014"):null,o?e("td",{},d(c.testMode)):null,e("td",{class:"small"},e("div",{},`${n("ps.secretShort")}: ${c.hasSecret?n("ps.stored"):"\u2014"}`),o?e("div",{},`${n("ps.paymentSecretShort")}: ${c.hasPaymentSecret?n("ps.stored"):"\u2014"}`):null),e("td",{},e("span",{class:`badge ${c.enabled?"on":"off"}`},n(c.enabled?"ps.on":"ps.off"))),e("td",{class:"nowrap"},e("button",{type:"button",class:"small secondary",testid:`ps-toggle-${c.id}`,onclick:async()=>{try{await b(Me,{id:c.id,input:{enabled:!c.enabled}}),y(r,n(c.enabled?"ps.nowOff":"ps.nowOn",{name:c.name}),"ok"),await S()}catch(l){y(r,A(l),"error")}}},n(c.enabled?"ps.disable":"ps.enable"))," ",e("button",{type:"button",class:"small secondary",testid:`ps-edit-${c.id}`,onclick:()=>u(c)},n("action.edit"))))}function u(c){g(s,it({editing:c,online:o,onDone:async()=>(g(s),await S()),onCancel:()=>g(s)})),s.scrollIntoView?.({block:"nearest"})}let f=e("thead");async function S(){let c=await ka();o=c.online;let m=[n("field.name"),n("ps.merchantId"),o&&n("ps.notificationUrl"),o&&n("ps.online"),o&&n("ps.hashAlgorithm"),o&&n("ps.testModeShort"),n("ps.secrets"),n("ps.state"),""].filter(l=>l!==!1);g(f,e("tr",{},m.map(l=>e("th",{},l)))),g(a,c.list.length?c.list.map(i):e("tr",{},e("td",{colspan:m.length,class:"muted"},n("ps.none"))))}await S(),g(t,e("h1",{},n("nav.paymentSystems")),r,e("section",{class:"card scroll"},e("table",{},f,a)),s,it({online:o,onDone:S}))}var pn=`# ADMIN: administrative acts, newest first.
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
`;var Ra=["USER_CREATED","ADMIN_CREATED","CASHIER_ADDED","CASHIER_REMOVED","PAYMENT_SYSTEM_CREATED","PAYMENT_SYSTEM_UPDATED","SECRETS_ROTATED","INVOICE_RESOLVED"],Da=20;async function un(t){let a=e("tbody",{testid:"audit-list"}),r=R("audit-status"),s=e("select",{testid:"audit-action","aria-label":n("audit.action")},e("option",{value:""},n("audit.all")),Ra.map(m=>e("option",{value:m},n(`audit.${m}`)))),o=e("button",{type:"button",class:"secondary",testid:"audit-prev"},n("history.newer")),d=e("button",{type:"button",class:"secondary",testid:"audit-next"},n("history.older")),i=e("span",{class:"muted",testid:"audit-page"}),u=[null],f=0;async function S(){let{auditLog:m}=await b(pn,{action:s.value||null,first:Da,after:u[f]}),l=m.edges;g(a,l.length?l.map(({node:p})=>Pa(p)):e("tr",{},e("td",{colspan:5,class:"muted"},n("audit.empty")))),u[f+1]=m.pageInfo.endCursor,d.disabled=!m.pageInfo.hasNextPage,o.disabled=f===0,i.textContent=n("history.page",{n:f+1}),a.dataset.loaded=`${s.value}|${f}`}let c=()=>S().catch(m=>y(r,A(m),"error"));s.onchange=()=>{u=[null],f=0,c()},o.onclick=()=>{f=Math.max(0,f-1),c()},d.onclick=()=>{f+=1,u=u.slice(0,f+1),c()},g(t,e("h1",{},n("nav.audit")),e("section",{class:"card"},e("div",{class:"row"},e("label",{class:"inline"},n("audit.action"),s),e("span",{class:"spacer"}),o,i,d),e("table",{},e("thead",{},e("tr",{},e("th",{},n("tx.when")),e("th",{},n("audit.action")),e("th",{},n("audit.actor")),e("th",{},n("audit.subject")),e("th",{},n("tx.details")))),a),r)),await S()}function Pa(t){let a=[t.subjectUser&&`${t.subjectUser.name} <${t.subjectUser.email}>`,t.subjectPaymentSystem?.name].filter(Boolean).join(" \xB7 ");return e("tr",{testid:"audit-row",dataset:{id:t.id,action:t.action}},e("td",{class:"nowrap"},K(t.createdAt)),e("td",{},e("span",{class:"badge"},n(`audit.${t.action}`))),e("td",{},t.actor?e("span",{title:t.actor.email},t.actor.name):e("span",{class:"muted"},n("cashiers.commandLine"))),e("td",{},a||"\u2014"),e("td",{class:"details"},t.details))}function We(t){if(t==null||t==="")return 0n;let a=/^(-?)(\d+)(?:\.(\d+))?$/.exec(String(t));if(!a)throw new Error(`not an amount: ${t}`);let r=(a[3]||"").padEnd(2,"0");if(/[1-9]/.test(r.slice(2)))throw new Error(`more than 2 fraction digits: ${t}`);let s=BigInt(a[2])*100n+BigInt(r.slice(0,2));return a[1]?-s:s}function xe(t){let a=t<0n,r=a?-t:t;return`${a?"-":""}${r/100n}.${String(r%100n).padStart(2,"0")}`}function hn(t,a){let r=[],s=Date.parse(`${a}T00:00:00Z`);for(let o=Date.parse(`${t}T00:00:00Z`);o<=s&&r.length<400;o+=864e5)r.push(new Date(o).toISOString().slice(0,10));return r}function fn(t,a){return{since:`${t}T00:00:00Z`,until:new Date(Date.parse(`${a}T00:00:00Z`)+864e5).toISOString().replace(".000Z","Z")}}function yn(t,a){let r=new Map(a.map(s=>[s,{topUps:0,total:0n,online:0n}]));for(let s of t){let o=r.get(s.day)??r.set(s.day,{topUps:0,total:0n,online:0n}).get(s.day);o.topUps+=s.topUps,o.total+=We(s.topUpAmount),o.online+=We(s.onlineTopUpAmount)}return[...r.entries()].sort(([s],[o])=>s<o?-1:s>o?1:0).map(([s,o])=>({day:s,topUps:o.topUps,amount:xe(o.total),online:xe(o.online),cashier:xe(o.total-o.online),onlineCents:o.online,cashierCents:o.total-o.online}))}function gn(t){let a=new Map;for(let r of t){let s=r.paymentSystem.id,o=a.get(s)??a.set(s,{paymentSystem:r.paymentSystem,topUps:0,onlineTopUps:0,total:0n,online:0n}).get(s);o.topUps+=r.topUps,o.onlineTopUps+=r.onlineTopUps,o.total+=We(r.topUpAmount),o.online+=We(r.onlineTopUpAmount)}return[...a.values()].map(r=>({paymentSystem:r.paymentSystem,topUps:r.topUps,onlineTopUps:r.onlineTopUps,amount:xe(r.total),online:xe(r.online)}))}function bn(t,{width:a,height:r,top:s=10,bottom:o=20}){let d=t.reduce((c,m)=>m.onlineCents+m.cashierCents>c?m.onlineCents+m.cashierCents:c,0n),i=r-s-o,u=t.length?a/t.length:a,f=Math.max(1,u*.7),S=c=>d===0n?0:Number(c*10000n/d)/1e4*i;return t.map((c,m)=>{let l=S(c.cashierCents),p=S(c.onlineCents),h=s+i;return{day:c.day,x:m*u+(u-f)/2,w:f,yCashier:h-l,hCashier:l,yOnline:h-l-p,hOnline:p}})}var wn=`# ADMIN: per day (UTC) and payment system, the top-ups, cashier and online apart.
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
`;var Ca="http://www.w3.org/2000/svg";function ge(t,a={},...r){let s=document.createElementNS(Ca,t);for(let[o,d]of Object.entries(a))d!=null&&s.setAttribute(o,String(d));for(let o of r.flat())o!=null&&s.append(o instanceof Node?o:document.createTextNode(String(o)));return s}var $a=()=>new Date().toISOString().slice(0,10),Oa=t=>new Date(Date.now()-t*864e5).toISOString().slice(0,10);async function vn(t){let a=R("report-status"),r=e("input",{type:"date",name:"from",testid:"report-from",value:Oa(29),required:!0}),s=e("input",{type:"date",name:"to",testid:"report-to",value:$a(),required:!0}),o=e("div",{class:"chart",testid:"report-chart"}),d=e("tbody",{testid:"report-rows"}),i=e("tbody",{testid:"report-totals"}),u=e("form",{class:"row",testid:"report-form",onsubmit:c=>(c.preventDefault(),f().catch(m=>y(a,A(m),"error")))},e("label",{class:"inline"},n("report.from"),r),e("label",{class:"inline"},n("report.to"),s),e("button",{type:"submit",testid:"report-submit"},n("report.show")));async function f(){if(!r.value||!s.value||r.value>s.value)return y(a,n("report.badRange"),"error");y(a,n("report.loading"),"info");let{since:c,until:m}=fn(r.value,s.value),{paymentSystemReport:l}=await b(wn,{since:c,until:m});y(a,"","ok");let p=hn(r.value,s.value);Ma(o,yn(l,p)),g(d,l.length?l.map(_a):e("tr",{},e("td",{colspan:6,class:"muted"},n("report.empty")))),g(i,gn(l).map(h=>e("tr",{testid:"report-total",dataset:{paymentSystem:h.paymentSystem.id,amount:h.amount,online:h.online}},e("td",{},h.paymentSystem.name),e("td",{class:"num"},String(h.topUps)),e("td",{class:"num"},P(h.amount)),e("td",{class:"num"},String(h.onlineTopUps)),e("td",{class:"num"},P(h.online))))),d.dataset.loaded=`${c}|${m}|${l.length}`}let S=c=>e("thead",{},e("tr",{},c,e("th",{class:"num"},n("report.topUps")),e("th",{class:"num"},n("report.amount")),e("th",{class:"num"},n("report.onlineTopUps")),e("th",{class:"num"},n("report.onlineAmount"))));g(t,e("h1",{},n("nav.report")),e("section",{class:"card"},u,e("p",{class:"muted small"},n("report.explain")),a),e("section",{class:"card"},e("h2",{},n("report.chart")),o),e("section",{class:"card"},e("h2",{},n("report.bySystem")),e("table",{},S(e("th",{},n("field.paymentSystem"))),i)),e("section",{class:"card"},e("h2",{},n("report.byDay")),e("table",{},S([e("th",{},n("report.day")),e("th",{},n("field.paymentSystem"))]),d))),await f()}function _a(t){return e("tr",{testid:"report-row",dataset:{day:t.day,paymentSystem:t.paymentSystem.id,amount:t.topUpAmount??"0.00",online:t.onlineTopUpAmount??"0.00"}},e("td",{class:"nowrap"},Je(t.day)),e("td",{},t.paymentSystem.name),e("td",{class:"num"},String(t.topUps)),e("td",{class:"num"},Xe(t.topUpAmount??"0")),e("td",{class:"num"},String(t.onlineTopUps)),e("td",{class:"num"},Xe(t.onlineTopUpAmount??"0")))}function Ma(t,a){let o=bn(a,{width:960,height:210}),d=Math.max(1,Math.ceil(a.length/12)),i=ge("svg",{viewBox:"0 0 960 220",role:"img","aria-label":n("report.chart"),"data-testid":"report-svg",preserveAspectRatio:"none",class:"bars"},o.map((f,S)=>{let c=a[S],m=ge("title",{},`${Je(c.day)}: ${P(c.amount)} (${n("report.online")} ${P(c.online)}, ${n("report.cashier")} ${P(c.cashier)})`);return ge("g",{"data-testid":"report-bar","data-day":c.day,"data-amount":c.amount,"data-online":c.online},m,ge("rect",{class:"cashier",x:f.x.toFixed(1),y:f.yCashier.toFixed(1),width:f.w.toFixed(1),height:f.hCashier.toFixed(1)}),ge("rect",{class:"online",x:f.x.toFixed(1),y:f.yOnline.toFixed(1),width:f.w.toFixed(1),height:f.hOnline.toFixed(1)}),S%d===0?ge("text",{x:(f.x+f.w/2).toFixed(1),y:216,"text-anchor":"middle",class:"label"},c.day.slice(5)):null)})),u=e("div",{class:"legend small"},e("span",{class:"swatch cashier"}),` ${n("report.cashier")} `,e("span",{class:"swatch online"}),` ${n("report.online")}`);g(t,i,u)}var Sn=`# ADMIN: the last delivery attempts to one endpoint, newest first.
query WebhookDeliveries($endpointId: ID!, $first: Int = 20) {
  webhookDeliveries(endpointId: $endpointId, first: $first) {
    id
    eventId
    event
    status
    at
    statusCode
    latencyMs
    error
  }
}
`;async function En(t,a){let{webhookDeliveries:r}=await b(Sn,{endpointId:a.id,first:20}),s=r.map(o=>e("tr",{testid:"delivery-row",dataset:{status:o.status}},e("td",{class:"muted"},K(o.at)),e("td",{},o.event?o.event.toLowerCase().replace("_","."):o.eventId),e("td",{},o.statusCode==null?"\u2014":String(o.statusCode)," ",e("span",{class:"badge"},o.status)),e("td",{},`${o.latencyMs} ms`),e("td",{class:"muted"},o.error??"")));g(t,e("h3",{},n("portal.log",{url:a.url})),s.length?e("table",{},e("thead",{},e("tr",{},e("th",{},n("portal.at")),e("th",{},n("portal.event")),e("th",{},n("portal.status")),e("th",{},n("portal.latency")),e("th",{},n("portal.error")))),e("tbody",{},s)):e("p",{class:"muted"},n("portal.noAttempts")))}var In=`# ADMIN: the portal's API keys, newest first (never their secrets).
query ApiKeys {
  apiKeys {
    id
    name
    scopes
    prefix
    createdAt
    lastUsedAt
    revokedAt
  }
}
`;var An=`# ADMIN: a key for the portal's back end; the secret is in this answer only.
mutation CreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    secret
    apiKey {
      id
      name
      scopes
      prefix
    }
  }
}
`;var xn=`# ADMIN: refused at once on every instance.
mutation RevokeApiKey($id: ID!) {
  revokeApiKey(id: $id)
}
`;var kn=`# ADMIN: where Kassa sends signed events.
query WebhookEndpoints {
  webhookEndpoints {
    id
    url
    events
    createdAt
  }
}
`;var Tn=`# ADMIN: the signing secret is in this answer only.
mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    signingSecret
    endpoint {
      id
      url
      events
    }
  }
}
`;var Nn=`# ADMIN: no new deliveries to it.
mutation DeleteWebhookEndpoint($id: ID!) {
  deleteWebhookEndpoint(id: $id)
}
`;var Rn=["PAYMENTS_READ","PAYMENTS_WRITE"],Dn=["TRANSACTION_CREATED","HOLD_CREATED","HOLD_CAPTURED","HOLD_VOIDED","HOLD_EXPIRED","INVOICE_PAID"],Pn=(t,a)=>e("div",{class:"once",testid:t},e("p",{},n("portal.shownOnce")),e("code",{testid:`${t}-value`},a));async function Un(t){let a=R("portal-status"),r=e("tbody",{testid:"api-key-list"}),s=e("tbody",{testid:"webhook-list"}),o=e("div"),d=e("div"),i=e("div",{testid:"webhook-log"});async function u(m,l){try{await m(),y(a,l,"ok"),await f()}catch(p){y(a,A(p),"error")}}async function f(){let[{apiKeys:m},{webhookEndpoints:l}]=await Promise.all([b(In),b(kn)]);g(r,m.length?m.map(p=>e("tr",{testid:"api-key-row",dataset:{keyId:p.id,revoked:String(!!p.revokedAt)}},e("td",{},p.name),e("td",{},e("code",{},`${p.prefix}\u2026`)),e("td",{},p.scopes.join(", ")),e("td",{class:"muted"},K(p.createdAt)),e("td",{class:"muted",testid:"api-key-used"},p.lastUsedAt?K(p.lastUsedAt):n("portal.never")),e("td",{},p.revokedAt?e("span",{class:"badge"},n("portal.revoked")):e("button",{type:"button",class:"danger small",testid:`api-key-revoke-${p.id}`,onclick:()=>u(()=>b(xn,{id:p.id}),n("portal.keyRevoked",{name:p.name}))},n("portal.revoke"))))):e("tr",{},e("td",{colspan:6,class:"muted"},n("portal.noKeys")))),g(s,l.length?l.map(p=>e("tr",{testid:"webhook-row",dataset:{endpointId:p.id}},e("td",{},e("code",{},p.url)),e("td",{},p.events.join(", ")),e("td",{class:"muted"},K(p.createdAt)),e("td",{},e("button",{type:"button",class:"small",testid:`webhook-log-${p.id}`,onclick:()=>En(i,p).catch(h=>y(a,A(h),"error"))},n("portal.deliveries"))," ",e("button",{type:"button",class:"danger small",testid:`webhook-delete-${p.id}`,onclick:()=>u(()=>b(Nn,{id:p.id}),n("portal.endpointDeleted"))},n("action.remove"))))):e("tr",{},e("td",{colspan:4,class:"muted"},n("portal.noEndpoints"))))}let S=e("form",{class:"card",testid:"api-key-form",onsubmit:async m=>{m.preventDefault();let l=F(m.target),p=Rn.filter(h=>m.target.elements[`scope-${h}`].checked);await u(async()=>{let{createApiKey:h}=await b(An,{input:{name:l.name,scopes:p}});m.target.reset(),g(o,Pn("api-key-secret",h.secret))},n("portal.keyCreated",{name:l.name}))}},e("h2",{},n("portal.newKey")),e("label",{},n("field.name"),e("input",{name:"name",required:!0,maxlength:100,testid:"api-key-name"})),Rn.map(m=>e("label",{class:"check"},e("input",{type:"checkbox",name:`scope-${m}`,testid:`api-key-scope-${m}`}),n(`portal.scope.${m}`))),e("button",{type:"submit",testid:"api-key-submit"},n("portal.createKey")),o),c=e("form",{class:"card",testid:"webhook-form",onsubmit:async m=>{m.preventDefault();let l=F(m.target),p=Dn.filter(h=>m.target.elements[`event-${h}`].checked);await u(async()=>{let{createWebhookEndpoint:h}=await b(Tn,{input:{url:l.url,events:p}});m.target.reset(),g(d,Pn("webhook-secret",h.signingSecret))},n("portal.endpointCreated"))}},e("h2",{},n("portal.newEndpoint")),e("label",{},n("portal.url"),e("input",{name:"url",type:"url",required:!0,placeholder:"https://portal.example/webhooks/kassa",testid:"webhook-url"})),Dn.map(m=>e("label",{class:"check"},e("input",{type:"checkbox",name:`event-${m}`,testid:`webhook-event-${m}`}),m.toLowerCase().replace("_","."))),e("button",{type:"submit",testid:"webhook-submit"},n("portal.createEndpoint")),d);g(t,e("h1",{},n("nav.portal")),a,e("section",{class:"card"},e("h2",{},n("portal.keys")),e("table",{},e("thead",{},e("tr",{},e("th",{},n("field.name")),e("th",{},n("portal.prefix")),e("th",{},n("portal.scopes")),e("th",{},n("portal.created")),e("th",{},n("portal.lastUsed")),e("th",{}))),r)),e("section",{class:"card"},e("h2",{},n("portal.endpoints")),e("table",{},e("thead",{},e("tr",{},e("th",{},n("portal.url")),e("th",{},n("portal.events")),e("th",{},n("portal.created")),e("th",{}))),s),i),e("div",{class:"grid two"},S,c)),await f()}var Cn=document.getElementById("page"),Le=class{constructor(){te(this,"fns",[]);te(this,"disposed",!1)}push(a){this.disposed?a():this.fns.push(a)}dispose(){this.disposed=!0,this.fns.splice(0).forEach(a=>a())}},lt=new Le,Va={"#/login":Bt,"#/wallet":Yt,"#/cashier":nn,"#/admin/cashiers":cn,"#/admin/payment-systems":mn,"#/admin/audit":un,"#/admin/report":vn,"#/admin/portal":Un};async function Be(){lt.dispose(),lt=new Le;let t=location.hash.split("?")[0]||"#/wallet",a=se();if(!a&&t!=="#/login"){location.hash="#/login";return}if(a&&t==="#/login"){location.hash="#/wallet";return}let r=Va[t]||Ya;Oe();let s=e("div",{class:"view"});g(Cn,s),Cn.dataset.route=t;try{await r(s,lt)}catch(o){s.append(e("p",{class:"error",testid:"page-error"},A(o)))}}function Ya(t){g(t,e("h1",{},n("notFound.title")),e("p",{},e("a",{href:"#/wallet"},n("notFound.back"))))}Nt(t=>{t?(rt(),location.hash="#/wallet"):(ot(),Oe(),location.hash!=="#/login"&&(location.hash="#/login"))});window.addEventListener("hashchange",Be);Ne(()=>Be());(async()=>{try{await Dt()}catch(t){g(document.getElementById("page"),e("p",{class:"error",testid:"page-error"},n("app.unreachable",{url:me.http,error:A(t)})));return}se()&&rt(),location.hash?Be():location.hash=se()?"#/wallet":"#/login"})();
